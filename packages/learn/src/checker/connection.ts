import type net from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { isDeepStrictEqual } from "node:util";
import type { Text } from "../i18n.ts";
import { alignedJson, evidenceAt, firstDifference } from "./evidence.ts";
import { fail } from "./failure.ts";
import * as words from "./words.ts";

/** How long a read waits in silence for the student's program before the check says nothing came. */
export const READ_TIMEOUT_MS = 5000;
/** The most the checker keeps of what one program sent it: a flood fails, it is not kept. */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
/** The pause after each piece of a dribble: enough for the other side to read it on its own. */
const DRIBBLE_PAUSE_MS = 2;

export type Trace = (direction: "read" | "write" | "fin", bytes: Uint8Array, peer: string) => void;

/** One JSON line as it came, and where it starts in the stream (for evidence). */
export interface JsonLine {
  readonly value: unknown;
  readonly from: number;
}

/** A failure reply's error code, when `value` is one: `{"ok":false,"error":{"code":...}}`. */
export function errorCode(value: unknown): string | undefined {
  const reply = value as { ok?: unknown; error?: { code?: unknown } } | null;
  if (typeof reply !== "object" || reply === null || reply.ok !== false) return undefined;
  return typeof reply.error?.code === "string" ? reply.error.code : undefined;
}

/**
 * The checker's side of one TCP connection to (or from) a student's program. It keeps every
 * byte received, so that a failure can show the bytes around the first difference, and it
 * reads the way the protocols say: a line up to its "\n", a frame by its length, the end.
 * Every read that comes up short fails the check with what was expected and what came.
 */
export class Connection {
  /** Every byte received, in one buffer that doubles when full: appending stays cheap. */
  private buffer = Buffer.alloc(4096);
  private receivedBytes = 0;
  /** Bytes already taken by the read methods. */
  private consumed = 0;
  private finished: "end" | "reset" | undefined;
  private waiters = new Set<() => void>();
  /** Our end's port, kept: a closed socket forgets it. */
  readonly localPort: number | undefined;

  constructor(
    readonly socket: net.Socket,
    /** Who is at the other end, for messages. */
    readonly peer: words.Peer,
    private readonly trace?: Trace,
    /**
     * When a byte the checker sent last reached the program (the weather may still be
     * dribbling a request after `send`): a read's silence counts from then at the earliest.
     */
    private readonly lastDelivered: () => number = () => 0,
  ) {
    this.localPort = socket.localPort;
    const label = `${words.peer(peer).en}`;
    socket.on("data", (chunk: Buffer) => {
      trace?.("read", chunk, label);
      if (this.receivedBytes + chunk.length > MAX_KEPT_BYTES) {
        // A program that floods the checker: keep what came, stop keeping more.
        socket.destroy();
        this.finish("reset");
        return;
      }
      if (this.receivedBytes + chunk.length > this.buffer.length) {
        const bigger = Buffer.alloc(Math.max(this.buffer.length * 2, this.receivedBytes + chunk.length));
        this.buffer.copy(bigger, 0, 0, this.receivedBytes);
        this.buffer = bigger;
      }
      chunk.copy(this.buffer, this.receivedBytes);
      this.receivedBytes += chunk.length;
      this.wake();
    });
    socket.on("end", () => {
      trace?.("fin", new Uint8Array(), label);
      this.finish("end");
    });
    socket.on("error", () => this.finish("reset"));
    socket.on("close", (hadError: boolean) => this.finish(hadError ? "reset" : "end"));
  }

  /** Everything received so far. */
  get received(): Buffer {
    return this.buffer.subarray(0, this.receivedBytes);
  }

  /** How the connection ended, once it has: a FIN ("end"), or a reset. */
  get ending(): "end" | "reset" | undefined {
    return this.finished;
  }

  send(data: string | Uint8Array): void {
    if (this.socket.destroyed || this.socket.writableEnded) return; // the check will see the connection gone
    this.trace?.("write", typeof data === "string" ? Buffer.from(data) : data, words.peer(this.peer).en);
    this.socket.write(data);
  }

  /** Half-closes: our FIN, "we will send nothing more". */
  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  /** Closes at once with a reset (RST), as a program that crashed would. */
  reset(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }

  /**
   * Sends `bytes` in pieces of `size` bytes, pausing after each one, so that the program at
   * the other end reads them in that many reads, weather or not: a program that treats one
   * read as one message fails on every run.
   */
  async dribble(bytes: Uint8Array, size = 1): Promise<void> {
    // No Nagle: each small write goes out at once, rather than wait to be merged with the next.
    this.socket.setNoDelay(true);
    for (let at = 0; at < bytes.length; at += size) {
      if (this.socket.destroyed) return;
      this.send(bytes.subarray(at, at + size));
      await delay(DRIBBLE_PAUSE_MS);
    }
  }

  /** The bytes not read yet. */
  private get pending(): number {
    return this.receivedBytes - this.consumed;
  }

  private bytesLabel(): Text {
    return words.bytesFrom(this.peer);
  }

  /** Why a read came up short: the connection closed, was reset, or went quiet. */
  private shortfall(timeoutMs: number): words.Shortfall {
    return this.finished === undefined ? { kind: "silence", ms: timeoutMs } : { kind: this.finished };
  }

  /** Exactly `count` more bytes; `what` names them in a failure. */
  async readBytes(count: number, what?: Text, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
    if (!(await this.waitFor(() => this.pending >= count, timeoutMs))) {
      fail({
        expected: words.expectBytes(count, this.peer, what),
        came: words.cameShort(this.shortfall(timeoutMs), this.pending),
        evidence: evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      });
    }
    const bytes = Buffer.from(this.received.subarray(this.consumed, this.consumed + count));
    this.consumed += count;
    return bytes;
  }

  /** Expects exactly these bytes next; a failure marks the first one that differs. */
  async expectBytes(expected: Uint8Array, what?: Text, timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const from = this.consumed;
    // Wait for all of them, or for the first one that differs (comparing only what is new).
    let same = 0;
    await this.waitFor(() => {
      const came = this.received.subarray(from, from + expected.length);
      const fresh = came.subarray(same);
      if (!fresh.equals(expected.subarray(same, came.length))) return true;
      same = came.length;
      return same === expected.length;
    }, timeoutMs);
    const came = this.received.subarray(from, from + expected.length);
    const differs = firstDifference(came, expected);
    if (differs === expected.length) {
      this.consumed = from + expected.length;
      return;
    }
    fail({
      expected: words.expectBytes(expected.length, this.peer, what),
      came:
        differs === came.length
          ? words.cameShort(this.shortfall(timeoutMs), came.length)
          : words.itSent(words.excerpt(came, differs), from + differs),
      evidence: evidenceAt(this.bytesLabel(), this.received, from + differs, { bytes: expected, from }),
    });
  }

  /**
   * Takes the next line's bytes, up to its "\n" (left out), and where it starts: the one
   * place lines are cut out of the stream. `expected` says what a missing line was to be.
   */
  private async takeLine(expected: Text, timeoutMs: number): Promise<{ bytes: Buffer; from: number }> {
    const from = this.consumed;
    await this.waitFor(() => this.received.indexOf(0x0a, from) !== -1, timeoutMs);
    const end = this.received.indexOf(0x0a, from);
    if (end === -1) {
      fail({
        expected,
        came: words.cameShort(this.shortfall(timeoutMs), this.pending),
        evidence: evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      });
    }
    this.consumed = end + 1;
    return { bytes: this.received.subarray(from, end), from };
  }

  /** The next line, without its "\n" (or "\r\n"), decoded as UTF-8. */
  async readLine(timeoutMs = READ_TIMEOUT_MS): Promise<string> {
    const { bytes } = await this.takeLine(words.expectAnyLine(this.peer), timeoutMs);
    return (bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes).toString("utf8");
  }

  /** Expects the next line to be exactly `expected` ("\r\n" accepted too: telnet sends it). */
  async expectLine(expected: string, timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const from = this.consumed;
    const wanted = Buffer.from(`${expected}\n`);
    const lineEnd = () => this.received.indexOf(0x0a, from);
    await this.waitFor(() => lineEnd() !== -1 || this.receivedBytes - from > wanted.length + 1, timeoutMs);
    const end = lineEnd();
    const came = this.received.subarray(from, end === -1 ? this.receivedBytes : end + 1);
    if (came.equals(wanted) || came.equals(Buffer.from(`${expected}\r\n`))) {
      this.consumed = from + came.length;
      return;
    }
    const differs = firstDifference(came, wanted);
    fail({
      expected: words.expectLine(expected, this.peer),
      came:
        differs === came.length && end === -1
          ? words.cameShort(this.shortfall(timeoutMs), came.length)
          : words.itSent(words.excerpt(came, differs), from + differs),
      evidence: evidenceAt(this.bytesLabel(), this.received, from + differs, { bytes: wanted, from }),
    });
  }

  /** The next line, parsed as JSON (one message of the JSON Lines protocols of v4 and after). */
  async readJson(what?: Text, expected?: unknown, timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const expectation =
      expected === undefined ? (what ?? words.expectAnyLine(this.peer)) : words.expectJson(expected, this.peer, what);
    const { bytes, from } = await this.takeLine(expectation, timeoutMs);
    const line = bytes.toString("utf8");
    try {
      return { value: JSON.parse(line), from };
    } catch {
      fail({
        expected: expectation,
        came: words.notJson(line),
        evidence: evidenceAt(this.bytesLabel(), this.received, from),
      });
    }
  }

  /** Expects the next line to be `expected` as a JSON value (key order aside). */
  async expectJson(expected: unknown, what?: Text, timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const line = await this.readJson(what, expected, timeoutMs);
    if (isDeepStrictEqual(line.value, expected)) return line;
    // Mark the first byte that differs, with the expected keys in the order the line has them.
    const wanted = Buffer.from(`${alignedJson(expected, line.value)}\n`);
    const came = this.received.subarray(line.from, line.from + wanted.length);
    const differs = firstDifference(came, wanted);
    fail({
      expected: words.expectJson(expected, this.peer, what),
      came: words.itSent(words.shownJson(line.value), line.from + differs),
      evidence: evidenceAt(this.bytesLabel(), this.received, line.from + differs, { bytes: wanted, from: line.from }),
    });
  }

  /**
   * Expects the next line to be a failure reply of the product protocols,
   * `{"ok":false,"error":{"code":CODE,"message":TEXT}}` (exactly those two keys), its message
   * naming `naming` when given.
   */
  async expectError(code: string, naming?: string, timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const expected = words.expectErrorReply(code, this.peer, naming);
    const line = await this.readJson(expected, undefined, timeoutMs);
    const error = (line.value as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
    const wellFormed =
      errorCode(line.value) === code &&
      typeof error?.message === "string" &&
      isDeepStrictEqual(Object.keys(error).sort(), ["code", "message"]);
    const named =
      naming === undefined ||
      new RegExp(`(^|[^A-Za-z0-9_])${naming.replace(/[$_.*+?^(){}|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_])`).test(
        String(error?.message),
      );
    if (wellFormed && named) return line;
    fail({
      expected,
      came: words.itSent(words.shownJson(line.value)),
      evidence: evidenceAt(this.bytesLabel(), this.received, line.from),
    });
  }

  /**
   * The payload of the next frame (v3): a 4-byte big-endian length, then that many bytes. A
   * length over `maxBytes` fails the check before anything more is read.
   */
  async readFrame(what?: Text, maxBytes = 1024 * 1024, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
    const from = this.consumed;
    const expected = words.expectFrame(this.peer, what);
    if (!(await this.waitFor(() => this.pending >= 4, timeoutMs))) {
      fail({
        expected,
        came: words.cameShort(this.shortfall(timeoutMs), this.pending),
        evidence: evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      });
    }
    const length = this.received.readUInt32BE(from);
    if (length > maxBytes) {
      fail({
        expected,
        came: words.frameTooLarge(length, maxBytes),
        evidence: evidenceAt(this.bytesLabel(), this.received, from),
      });
    }
    if (!(await this.waitFor(() => this.pending >= 4 + length, timeoutMs))) {
      fail({
        expected,
        came: words.cameShort(this.shortfall(timeoutMs), this.pending),
        evidence: evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      });
    }
    this.consumed = from + 4 + length;
    return Buffer.from(this.received.subarray(from + 4, from + 4 + length));
  }

  /** Expects the peer to end the connection (FIN) with nothing more sent. */
  async expectEnd(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const from = this.consumed;
    const ended = await this.waitFor(() => this.finished !== undefined || this.pending > 0, timeoutMs);
    if (ended && this.pending === 0 && this.finished === "end") return;
    fail({
      expected: words.expectEnd(this.peer),
      came:
        this.pending > 0
          ? words.sentMore(this.pending)
          : this.finished === "reset"
            ? words.closedInstead("reset")
            : words.stayedOpen(timeoutMs),
      evidence: evidenceAt(this.bytesLabel(), this.received, from),
    });
  }

  /** Expects the peer to close the connection, by a FIN or a reset, whatever it sent first. */
  async expectClosed(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    if (await this.waitFor(() => this.finished !== undefined, timeoutMs)) {
      this.consumed = this.receivedBytes;
      return;
    }
    fail({ expected: words.expectClosed(this.peer), came: words.stayedOpen(timeoutMs) });
  }

  /** Expects nothing at all for `ms`, and the connection still open. */
  async expectOpen(ms: number): Promise<void> {
    const from = this.consumed;
    await this.waitFor(() => this.finished !== undefined || this.pending > 0, ms);
    if (this.finished === undefined && this.pending === 0) return;
    fail({
      expected: words.expectOpen(this.peer, ms),
      came: this.pending > 0 ? words.sentMore(this.pending) : words.closedInstead(this.finished ?? "end"),
      evidence: evidenceAt(this.bytesLabel(), this.received, from),
    });
  }

  /**
   * Resolves true once `condition()` holds (looked at as each chunk comes); false if the
   * connection ends first or `timeoutMs` of silence pass. The timeout counts silence: bytes
   * still arriving (slowly, through the weather) are progress, and so are the checker's own
   * bytes still on their way to the program.
   */
  waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    if (this.finished !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      // The silence starts at the last byte received, or at the last one sent arriving.
      let heardAt = performance.now();
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(condition());
      };
      const expire = () => {
        if (!this.waiters.has(check)) return;
        const silent = performance.now() - Math.max(heardAt, this.lastDelivered());
        if (silent < timeoutMs) arm(timeoutMs - silent);
        else settle();
      };
      const arm = (ms: number) => {
        clearTimeout(timer);
        // When the silence seems over, look once more after the bytes already received are read:
        // a checker busy starting programs runs its timers before its pending reads.
        timer = setTimeout(() => setImmediate(expire), ms);
      };
      const check = () => {
        if (condition() || this.finished !== undefined) settle();
        else {
          heardAt = performance.now();
          arm(timeoutMs);
        }
      };
      this.waiters.add(check);
      arm(timeoutMs);
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private finish(how: "end" | "reset"): void {
    this.finished ??= how;
    this.wake();
  }
}
