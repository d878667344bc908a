import type net from "node:net";
import { type Text, text } from "../i18n.ts";
import { fail } from "./check.ts";
import { evidenceAt, firstDifference } from "./evidence.ts";

/** How long a read waits for the student's program before the check says nothing came. */
export const READ_TIMEOUT_MS = 5000;

const seconds = (ms: number) => `${ms / 1000} s`;

/**
 * The checker's side of one TCP connection to (or from) a student's program. It keeps every
 * byte received, so that a failure can show the bytes around the first difference, and it
 * reads the way the protocols say: a line up to its "\n", a frame by its length, the end.
 */
export class Conversation {
  private readonly chunks: Buffer[] = [];
  private receivedBytes = 0;
  private joined: Buffer | undefined;
  /** Bytes already taken by the read methods. */
  private consumed = 0;
  private finished: "end" | "reset" | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    readonly socket: net.Socket,
    /** Who is at the other end, for messages: "the server", "the client". */
    readonly peer: Text,
  ) {
    socket.on("data", (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.receivedBytes += chunk.length;
      this.joined = undefined;
      this.wake();
    });
    socket.on("end", () => this.finish("end"));
    socket.on("error", () => this.finish("reset"));
    socket.on("close", () => this.finish("end"));
  }

  /** Everything received so far. */
  get received(): Buffer {
    this.joined ??= Buffer.concat(this.chunks, this.receivedBytes);
    return this.joined;
  }

  /** How the connection ended, once it has: a FIN ("end"), or a reset or error. */
  get ending(): "end" | "reset" | undefined {
    return this.finished;
  }

  send(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Half-closes: our FIN, "we will send nothing more". */
  end(data?: string | Uint8Array): void {
    if (data === undefined) this.socket.end();
    else this.socket.end(data);
  }

  /** Closes at once with a reset (RST), as a program that crashed would. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next line, without its "\n" (or "\r\n"). */
  async readLine(timeoutMs = READ_TIMEOUT_MS): Promise<string> {
    const newline = await this.waitFor(() => this.received.indexOf(0x0a, this.consumed) !== -1, timeoutMs);
    const end = this.received.indexOf(0x0a, this.consumed);
    if (!newline || end === -1) {
      const pending = this.receivedBytes - this.consumed;
      fail(
        text(
          `expected a line ending in "\\n" from ${this.peer.en}; ${this.why("en", timeoutMs)} (${pending} bytes of the line had come, no "\\n")`,
          `esperava uma linha terminada em "\\n" ${of(this.peer["pt-BR"])}; ${this.why("pt-BR", timeoutMs)} (tinham chegado ${pending} bytes da linha, nenhum "\\n")`,
        ),
        evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      );
    }
    const line = this.received.subarray(this.consumed, end);
    this.consumed = end + 1;
    return (line.at(-1) === 0x0d ? line.subarray(0, -1) : line).toString("utf8");
  }

  /**
   * Expects the next line to be exactly `expected`. When it is not, the failure marks the
   * first byte that differs (a missing "\n" included).
   */
  async expectLine(expected: string, timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const from = this.consumed;
    const wanted = Buffer.from(`${expected}\n`);
    // Wait for a whole line, or for enough bytes to see that it differs.
    await this.waitFor(
      () => this.received.indexOf(0x0a, from) !== -1 || this.receivedBytes - from > wanted.length,
      timeoutMs,
    );
    const end = this.received.indexOf(0x0a, from);
    const came = this.received.subarray(from, end === -1 ? this.receivedBytes : end + 1);
    // A "\r\n" ending is fine too: telnet and Windows send it.
    if (came.equals(wanted) || came.equals(Buffer.from(`${expected}\r\n`))) {
      this.consumed = from + came.length;
      return;
    }
    const differs = firstDifference(came, wanted);
    const shown = JSON.stringify(came.toString("utf8"));
    const line = JSON.stringify(`${expected}\n`);
    const cutShort = differs === came.length && end === -1;
    fail(
      cutShort
        ? text(
            `expected the line ${line} from ${this.peer.en}; ${this.why("en", timeoutMs)} after ${came.length} bytes of it: ${shown}`,
            `esperava a linha ${line} ${of(this.peer["pt-BR"])}; ${this.why("pt-BR", timeoutMs)} depois de ${came.length} bytes dela: ${shown}`,
          )
        : text(
            `expected the line ${line} from ${this.peer.en}; it sent ${shown}, which differs from byte ${differs + 1} on`,
            `esperava a linha ${line} ${of(this.peer["pt-BR"])}; veio ${shown}, diferente a partir do byte ${differs + 1}`,
          ),
      evidenceAt(this.bytesLabel(), this.received, from + differs, { bytes: wanted, from }),
    );
  }

  /** Exactly `count` more bytes. */
  async readBytes(count: number, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
    const enough = await this.waitFor(() => this.receivedBytes - this.consumed >= count, timeoutMs);
    if (!enough) {
      const got = this.receivedBytes - this.consumed;
      fail(
        text(
          `expected ${count} more bytes from ${this.peer.en}; ${this.why("en", timeoutMs)} after ${got} of them`,
          `esperava mais ${count} bytes ${of(this.peer["pt-BR"])}; ${this.why("pt-BR", timeoutMs)} depois de ${got} deles`,
        ),
        evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      );
    }
    const bytes = this.received.subarray(this.consumed, this.consumed + count);
    this.consumed += count;
    return Buffer.from(bytes);
  }

  /** The next line, parsed as JSON (one message of the JSON Lines protocols of v4 and after). */
  async readJson(timeoutMs = READ_TIMEOUT_MS): Promise<unknown> {
    const from = this.consumed;
    const line = await this.readLine(timeoutMs);
    try {
      return JSON.parse(line);
    } catch {
      fail(
        text(
          `expected a JSON object on one line from ${this.peer.en}; it sent ${JSON.stringify(line)}, which is not JSON`,
          `esperava um objeto JSON numa linha ${of(this.peer["pt-BR"])}; veio ${JSON.stringify(line)}, que não é JSON`,
        ),
        evidenceAt(this.bytesLabel(), this.received, from),
      );
    }
  }

  /**
   * The payload of the next frame (v3): a 4-byte big-endian length, then that many bytes. A
   * length over `maxBytes` fails the check before anything more is read.
   */
  async readFrame(maxBytes = 1024 * 1024, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
    const from = this.consumed;
    const header = await this.readBytes(4, timeoutMs);
    const length = header.readUInt32BE(0);
    if (length > maxBytes) {
      fail(
        text(
          `expected a frame of at most ${maxBytes} bytes from ${this.peer.en}; its 4-byte header announces ${length}`,
          `esperava um frame de no máximo ${maxBytes} bytes ${of(this.peer["pt-BR"])}; o cabeçalho de 4 bytes anuncia ${length}`,
        ),
        evidenceAt(this.bytesLabel(), this.received, from),
      );
    }
    return this.readBytes(length, timeoutMs);
  }

  /** Everything until the peer ends the connection (FIN); fails if it never does. */
  async readToEnd(timeoutMs = READ_TIMEOUT_MS): Promise<Buffer> {
    const ended = await this.waitFor(() => this.finished !== undefined, timeoutMs);
    if (!ended) {
      fail(
        text(
          `expected ${this.peer.en} to end the connection (FIN) once it had sent everything; nothing more came for ${seconds(timeoutMs)} and the connection stayed open`,
          `esperava que ${this.peer["pt-BR"]} terminasse a conexão (FIN) depois de enviar tudo; nada mais chegou por ${seconds(timeoutMs)} e a conexão continuou aberta`,
        ),
        evidenceAt(this.bytesLabel(), this.received, this.receivedBytes),
      );
    }
    const rest = this.received.subarray(this.consumed);
    this.consumed = this.receivedBytes;
    return Buffer.from(rest);
  }

  /** Expects the peer to end the connection with nothing more sent. */
  async expectEnd(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const from = this.consumed;
    const rest = await this.readToEnd(timeoutMs);
    if (rest.length > 0) {
      fail(
        text(
          `expected ${this.peer.en} to close the connection with nothing more; it sent ${rest.length} more bytes`,
          `esperava que ${this.peer["pt-BR"]} fechasse a conexão sem enviar mais nada; veio mais ${rest.length} bytes`,
        ),
        evidenceAt(this.bytesLabel(), this.received, from),
      );
    }
  }

  /** Resolves true once `condition()` holds; false if the connection ends or `timeoutMs` of silence pass. */
  private waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const arm = () => {
        clearTimeout(timer);
        // The timeout counts silence: bytes still arriving (slowly, through the weather) are progress.
        timer = setTimeout(done, timeoutMs);
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve(condition());
      };
      const check = () => {
        if (condition()) done();
        else if (this.finished !== undefined) done();
        else arm();
      };
      if (condition()) return resolve(true);
      if (this.finished !== undefined) return resolve(false);
      this.waiters.push(check);
      arm();
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private finish(how: "end" | "reset"): void {
    this.finished ??= how;
    this.wake();
  }

  /** Why a read came up short: the connection closed, was reset, or went quiet. */
  private why(lang: "en" | "pt-BR", timeoutMs: number): string {
    if (this.finished === "reset") return lang === "en" ? "the connection was reset" : "a conexão foi resetada (RST)";
    if (this.finished === "end") return lang === "en" ? "the connection closed" : "a conexão fechou";
    return lang === "en" ? `nothing more came for ${seconds(timeoutMs)}` : `nada mais chegou por ${seconds(timeoutMs)}`;
  }

  private bytesLabel(): Text {
    return text(`bytes from ${this.peer.en}`, `bytes ${of(this.peer["pt-BR"])}`);
  }
}

/** "de" + "o servidor" is "do servidor" in Portuguese (peers are named with their article). */
const of = (peer: string) => `d${peer}`;
