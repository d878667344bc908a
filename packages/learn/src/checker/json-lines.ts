import { isDeepStrictEqual } from "node:util";
import { type Text, text } from "../i18n.ts";
import { CheckFailure, type Evidence, fail } from "./check.ts";
import { type Conversation, READ_TIMEOUT_MS } from "./conversation.ts";
import { evidenceAt } from "./evidence.ts";

/** One JSON line as it came, and where it starts in the stream (for evidence). */
export interface JsonLine {
  readonly value: unknown;
  readonly from: number;
}

/** A reply of the product protocols (v4 and after) has "ok"; anything else is not a reply. */
export const isReply = (value: unknown): value is { ok: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && "ok" in value;

/** The error code of a failure reply, if it is one. */
export const errorCode = (value: unknown): string | undefined => {
  if (!isReply(value) || value.ok !== false) return undefined;
  const code = (value as { error?: { code?: unknown } }).error?.code;
  return typeof code === "string" ? code : undefined;
};

/** A JSON value as a student reads it in a message: one line, cut when long. */
export function shown(value: unknown, max = 300): string {
  const line = JSON.stringify(value) ?? String(value);
  return line.length > max ? `${line.slice(0, max)}... (${line.length} characters)` : line;
}

/**
 * The checker's side of a JSON Lines conversation (the product protocol of v4, v5 and the
 * exercise): sends messages as lines, reads lines as JSON, and fails with the bytes of the
 * line that was not what it should be.
 */
export class JsonLines {
  /** Where the next line starts in the stream: the bytes read so far. */
  private offset = 0;

  constructor(readonly conversation: Conversation) {}

  /** Sends one message as one JSON line. */
  send(message: unknown): void {
    this.conversation.send(`${JSON.stringify(message)}\n`);
  }

  /** Sends several messages in one write: pipelined. */
  sendAll(messages: readonly unknown[]): void {
    this.conversation.send(messages.map((message) => `${JSON.stringify(message)}\n`).join(""));
  }

  /** The next line, parsed (the check fails if it is not JSON, or never comes). */
  async read(timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const from = this.offset;
    const value = await this.conversation.readJson(timeoutMs);
    this.offset = this.conversation.received.indexOf(0x0a, from) + 1;
    return { value, from };
  }

  /** The bytes around the line that starts at `from`, and what should have been there. */
  evidence(from: number, expected?: unknown): Evidence {
    const label = text(`bytes from ${this.conversation.peer.en}`, `bytes d${this.conversation.peer["pt-BR"]}`);
    const received = this.conversation.received;
    if (expected === undefined) return evidenceAt(label, received, from);
    const wanted = Buffer.from(`${JSON.stringify(expected)}\n`);
    const line = received.subarray(from, from + wanted.length);
    let differs = 0;
    while (differs < line.length && line[differs] === wanted[differs]) differs++;
    return evidenceAt(label, received, from + differs, { bytes: wanted, from });
  }

  /**
   * The next line, read for `what`: when none comes (or it is not JSON), the failure names
   * what was expected ("expected the event ...; nothing more came for 5 s"), not just a line.
   */
  private async readFor(what: Text, expected: unknown, timeoutMs: number): Promise<JsonLine> {
    try {
      return await this.read(timeoutMs);
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      // "expected a line ending in "\n" from the server; nothing more came for 5 s (...)": keep what came.
      const came = (explanation: string) => explanation.slice(explanation.indexOf("; ") + 2);
      fail(
        text(
          `expected from ${this.conversation.peer.en} ${what.en}: ${shown(expected)}; ${came(error.explanation.en)}`,
          `esperava d${this.conversation.peer["pt-BR"]} ${what["pt-BR"]}: ${shown(expected)}; ${came(error.explanation["pt-BR"])}`,
        ),
        error.evidence,
      );
    }
  }

  /** Expects the next line to be `expected` (as JSON: same keys and values); `what` names it. */
  async expect(expected: unknown, what: Text, timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const line = await this.readFor(what, expected, timeoutMs);
    if (!isDeepStrictEqual(line.value, expected)) {
      fail(
        text(
          `expected from ${this.conversation.peer.en} ${what.en}: ${shown(expected)}; it sent ${shown(line.value)}`,
          `esperava d${this.conversation.peer["pt-BR"]} ${what["pt-BR"]}: ${shown(expected)}; veio ${shown(line.value)}`,
        ),
        this.evidence(line.from, expected),
      );
    }
    return line;
  }

  /** Expects the next line to be a failure reply with `code`; `what` says what it answers. */
  async expectError(code: string, what: Text, timeoutMs = READ_TIMEOUT_MS): Promise<JsonLine> {
    const line = await this.readFor(
      text(`a ${code} error (${what.en})`, `um erro ${code} (${what["pt-BR"]})`),
      { ok: false, error: { code, message: "..." } },
      timeoutMs,
    );
    if (errorCode(line.value) !== code) {
      fail(
        text(
          `expected a ${code} error from ${this.conversation.peer.en} (${what.en}): {"ok":false,"error":{"code":"${code}","message":...}}; it sent ${shown(line.value)}`,
          `esperava um erro ${code} d${this.conversation.peer["pt-BR"]} (${what["pt-BR"]}): {"ok":false,"error":{"code":"${code}","message":...}}; veio ${shown(line.value)}`,
        ),
        this.evidence(line.from),
      );
    }
    return line;
  }
}
