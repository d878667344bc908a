// The steps of the web tasks (web1, web2, web3): HTTP/1.1 requests written as bytes, and
// responses read as a client must read them, whatever the network did to their bytes: the
// head up to its empty line, then the body by its Content-Length (none after HEAD, a 1xx or
// a 204). What every response must have (SPEC: a Date, a Content-Type, a Content-Length in
// bytes, a body saying why for an error) is checked on each one; a check says the rest.
import { isDeepStrictEqual } from "node:util";
import type { Text } from "../i18n.ts";
import type { CheckRun } from "./check-run.ts";
import { type Connection, READ_TIMEOUT_MS } from "./connection.ts";
import { alignedJson, evidenceAt, firstDifference } from "./evidence.ts";
import { fail } from "./failure.ts";
import type { Step } from "./steps.ts";
import * as words from "./words.ts";

/** The reason phrases of the statuses the checks expect: a status is shown as a response says it. */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  204: "No Content",
  303: "See Other",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  411: "Length Required",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  417: "Expectation Failed",
  431: "Request Header Fields Too Large",
  501: "Not Implemented",
  505: "HTTP Version Not Supported",
};
const statusShown = (status: number) => `${status} ${STATUS_TEXT[status] ?? ""}`.trim();

/** A response head longer than this, with no empty line, is not one. */
const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
const CR = 0x0d;
const LF = 0x0a;

// --- requests ----------------------------------------------------------------------------------

/** A request, as the checker writes it. */
export interface HttpRequest {
  /** GET unless said. */
  readonly method?: string;
  /** The target as sent (`/files/p%C3%A3o.txt`), or made while the check runs (a folder's path). */
  readonly target: string | ((run: CheckRun) => string);
  /** `HTTP/1.1` unless said. */
  readonly version?: string;
  /** Header lines, after `Host: 127.0.0.1` (left out with `host: false`). */
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly host?: boolean;
  /** The body; a Content-Length is added for it unless the headers say how it ends. */
  readonly body?: string | Uint8Array;
}

/** The bytes of a request: its head, "\r\n" after each line, then its body. */
export function requestBytes(request: HttpRequest, run?: CheckRun): Buffer {
  const target = typeof request.target === "string" ? request.target : request.target(run as CheckRun);
  const headers = Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const framed = headers.some((line) => /^(content-length|transfer-encoding):/i.test(line));
  const lines = [
    `${request.method ?? "GET"} ${target} ${request.version ?? "HTTP/1.1"}`,
    ...(request.host === false ? [] : ["Host: 127.0.0.1"]),
    ...headers,
    ...(request.body !== undefined && !framed ? [`Content-Length: ${body.length}`] : []),
  ];
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]);
}

/** Sends a request in one write (and `after` it, in the same write, bytes of any kind). */
export const sendRequest =
  (name: string, request: HttpRequest, after?: Uint8Array): Step =>
  async (run) => {
    const connection = watched(run.connection(name));
    const bytes = requestBytes(request, run);
    connection.send(after === undefined ? bytes : Buffer.concat([bytes, after]));
  };

/** Sends a request `size` bytes per write, so that it arrives cut at every `size`th byte, on every run. */
export const dribbleRequest =
  (name: string, request: HttpRequest, size = 1): Step =>
  (run) =>
    watched(run.connection(name)).dribble(requestBytes(request, run), size);

// --- responses ---------------------------------------------------------------------------------

/** A header value a check accepts, shown in a failure as `shown`. */
export interface HeaderMatcher {
  readonly shown: string;
  matches(value: string): boolean;
}

/** `Allow`: these methods, in any order. */
export const methods = (...names: string[]): HeaderMatcher => ({
  shown: names.join(", "),
  matches: (value) => isDeepStrictEqual(new Set(value.split(",").map((name) => name.trim())), new Set(names)),
});

/** A piece the body must hold: text as it is, or what `matches` finds, shown as `shown`. */
export type BodyPiece = string | { readonly shown: string; matches(body: string): boolean };

/** What a response must be. The status, and the rest as the check needs. */
export interface ResponseExpected {
  readonly status: number;
  /** What it is, in a failure: "the file's bytes". */
  readonly what?: Text;
  /** Headers it must have (the value, or a matcher), or must not have (null). */
  readonly headers?: Readonly<Record<string, string | HeaderMatcher | null>>;
  /** The body, exactly. */
  readonly body?: string | Uint8Array;
  /** The body, as JSON (key order aside). */
  readonly json?: unknown;
  /** The body is an API error, `{"ok":false,"error":{"code":CODE,"message":...}}`. */
  readonly error?: string;
  /** Pieces the body must hold (a page). */
  readonly bodyHas?: readonly BodyPiece[];
  /** A response to HEAD: the head GET would get, and no body after it. */
  readonly noBody?: boolean;
  /** `Connection: close` must be there (true), or must not (false). */
  readonly close?: boolean;
  /** The server then ends the connection (FIN), nothing more after the body. */
  readonly last?: boolean;
  readonly timeoutMs?: number;
}

/** A response as read from the stream: where each part starts, for the bytes shown in a failure. */
export interface HttpResponse {
  readonly from: number;
  readonly statusLine: string;
  readonly status: number;
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string; readonly at: number }>;
  /** Where the empty line that ends the head starts. */
  readonly headEnd: number;
  readonly bodyFrom: number;
  readonly body: Buffer;
  header(name: string): { readonly name: string; readonly value: string; readonly at: number } | undefined;
}

/** Expects the next response on connection `name` to be as `expected` says (and every response as SPEC says). */
export const expectResponse =
  (name: string, expected: ResponseExpected): Step =>
  async (run) => {
    const connection = watched(run.connection(name));
    const base = words.expectResponse(statusShown(expected.status), connection.peer, expected.what);
    const response = await readResponse(connection, base, expected);
    new ResponseCheck(connection, response, base).run(expected);
    if (expected.last === true) await expectFinAfter(connection, response, base);
  };

/**
 * Reads the next response on `connection`: its head to the empty line, its body by its
 * Content-Length. A response that cannot be read (no status line, no Content-Length, cut
 * short) fails here, with `expectation` as what was expected.
 */
export async function readResponse(
  connection: Connection,
  expectation: Text,
  options: { noBody?: boolean; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
  const from = nextResponse.get(connection) ?? 0;
  const label = words.bytesFrom(connection.peer);
  const received = () => connection.received;
  const short = (at: number, came: Text): never =>
    fail({ expected: expectation, came, evidence: evidenceAt(label, received(), at) });

  await connection.waitFor(
    () => emptyLineAfter(received(), from) !== -1 || received().length - from > MAX_RESPONSE_HEAD_BYTES,
    timeoutMs,
  );
  const bodyFrom = emptyLineAfter(received(), from);
  if (bodyFrom === -1) {
    const got = received().length - from;
    short(
      received().length,
      got > MAX_RESPONSE_HEAD_BYTES ? words.headTooLong(got) : words.cameShort(shortfall(connection, timeoutMs), got),
    );
  }
  // The head's lines, each with where it starts; each must end in "\r\n".
  const lines: Array<{ text: string; at: number }> = [];
  for (let at = from; at < bodyFrom; ) {
    const newline = received().indexOf(LF, at);
    const line = received().toString("latin1", at, newline);
    if (received()[newline - 1] !== CR) short(newline, words.bareNewline(line));
    lines.push({ text: line.slice(0, -1), at });
    at = newline + 1;
  }
  const [statusLine = { text: "", at: from }, ...fieldLines] = lines.slice(0, -1);
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine.text)?.[1];
  if (status === undefined) short(from, words.notStatusLine(statusLine.text));
  const headers = fieldLines.map(({ text: line, at }) => {
    const field = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (field === null) return short(at, words.notHeaderLine(line));
    return { name: field[1] as string, value: field[2] as string, at };
  });
  const header = (wanted: string) => headers.find(({ name }) => name.toLowerCase() === wanted.toLowerCase());
  const code = Number(status);

  // The body: none after HEAD, a 1xx, a 204 or a 304; else exactly Content-Length bytes.
  let length = 0;
  if (!(options.noBody === true || code < 200 || code === 204 || code === 304)) {
    const contentLength = header("content-length");
    if (contentLength === undefined) {
      short(bodyFrom - 2, words.noHeader("Content-Length"));
    } else if (!/^\d+$/.test(contentLength.value)) {
      short(contentLength.at, words.hasHeader(`${contentLength.name}: ${contentLength.value}`));
    } else {
      length = Number(contentLength.value);
    }
    await connection.waitFor(() => received().length >= bodyFrom + length, timeoutMs);
    if (received().length < bodyFrom + length) {
      short(received().length, words.cameShort(shortfall(connection, timeoutMs), received().length - bodyFrom));
    }
  }
  await connection.readBytes(bodyFrom + length - from); // what is read is taken: the next read starts after it
  nextResponse.set(connection, bodyFrom + length);
  return {
    from,
    statusLine: statusLine.text,
    status: code,
    headers,
    headEnd: bodyFrom - 2,
    bodyFrom,
    body: Buffer.from(received().subarray(bodyFrom, bodyFrom + length)),
    header,
  };
}

/** One response held to what was expected of it: each failure shows the bytes where it differs. */
class ResponseCheck {
  private readonly label: Text;

  constructor(
    private readonly connection: Connection,
    private readonly response: HttpResponse,
    private readonly base: Text,
  ) {
    this.label = words.bytesFrom(connection.peer);
  }

  run(expected: ResponseExpected): void {
    const { response } = this;
    if (response.status !== expected.status) {
      const statusAt = response.from + "HTTP/1.1 ".length;
      this.fail(words.answered(response.statusLine), statusAt, `HTTP/1.1 ${expected.status}`, response.from);
    }
    // What SPEC asks of every response.
    const interim = response.status < 200;
    const noContent = response.status === 204 || response.status === 304;
    if (!interim) this.header("Date", IMF_DATE);
    if (!interim && !noContent) {
      this.header("Content-Type", ANY_VALUE);
      this.header("Content-Length", ANY_VALUE);
      const type = response.header("content-type")?.value ?? "";
      if (/^text\//i.test(type)) this.header("Content-Type", UTF8_TEXT);
    }
    if (noContent) {
      this.header("Content-Type", null);
      this.header("Content-Length", null);
    }
    if (expected.close !== undefined) this.header("Connection", expected.close ? CLOSE : null, !expected.close);
    for (const [name, value] of Object.entries(expected.headers ?? {})) this.header(name, value);
    if (response.status >= 400 && expected.noBody !== true && response.body.length === 0) {
      this.failWith(words.withBodySayingWhy(this.base), words.bodyEmpty, response.bodyFrom);
    }
    this.body(expected);
  }

  /**
   * The header `name` must match `spec` (a string: that value, letter case and spaces around
   * `;`, `,` and `=` aside), or be absent (null). With `closeOnly`, it must not say `close`.
   */
  private header(name: string, spec: string | HeaderMatcher | null, closeOnly = false): void {
    const found = this.response.header(name);
    if (spec === null) {
      const says = closeOnly ? found !== undefined && CLOSE.matches(found.value) : found !== undefined;
      if (!says || found === undefined) return;
      const expectation = closeOnly
        ? words.withoutHeader(this.base, "Connection: close")
        : words.withoutHeader(this.base, name);
      this.failWith(expectation, words.hasHeader(`${found.name}: ${found.value}`), found.at);
    }
    const matcher = typeof spec === "string" ? sameValue(spec) : spec;
    if (found !== undefined && matcher.matches(found.value)) return;
    const line = `${name}: ${matcher.shown}`;
    const expectation = words.withHeader(this.base, line);
    if (found === undefined) {
      this.failWith(expectation, words.noHeader(name), this.response.headEnd, `${line}\r\n`, this.response.headEnd);
    }
    const actual = Buffer.from(`${found.name}: ${found.value}`, "latin1");
    const differs = typeof spec === "string" ? firstDifference(actual, Buffer.from(line)) : found.name.length + 2;
    this.failWith(
      expectation,
      words.hasHeader(`${found.name}: ${found.value}`),
      found.at + differs,
      `${line}\r\n`,
      found.at,
    );
  }

  private body(expected: ResponseExpected): void {
    const { response } = this;
    const text = response.body.toString("utf8");
    if (expected.body !== undefined) {
      const wanted = Buffer.from(expected.body);
      const contentLength = response.header("content-length");
      if (contentLength !== undefined && response.body.length !== wanted.length) {
        const line = `Content-Length: ${wanted.length}`;
        this.failWith(
          words.withHeader(this.base, line),
          words.lengthSays(response.body.length, wanted.length),
          contentLength.at + contentLength.name.length + 2,
          `${line}\r\n`,
          contentLength.at,
          words.contentLengthAdvice,
        );
      }
      const differs = firstDifference(response.body, wanted);
      if (differs < wanted.length || differs < response.body.length) {
        this.failWith(
          words.withBody(this.base, words.excerpt(wanted, differs)),
          words.itSent(words.excerpt(response.body, differs), response.bodyFrom + differs),
          response.bodyFrom + differs,
          wanted,
          response.bodyFrom,
        );
      }
    }
    if (expected.json !== undefined || expected.error !== undefined) {
      let value: unknown;
      const shape = expected.json ?? { ok: false, error: { code: expected.error, message: "..." } };
      try {
        value = JSON.parse(text);
      } catch {
        this.failWith(words.withBody(this.base, words.shownJson(shape)), words.notJson(text), response.bodyFrom);
      }
      if (expected.json !== undefined && !isDeepStrictEqual(value, expected.json)) {
        const wanted = Buffer.from(alignedJson(expected.json, value));
        const differs = firstDifference(response.body, wanted);
        this.failWith(
          words.withBody(this.base, words.shownJson(expected.json)),
          words.itSent(words.shownJson(value), response.bodyFrom + differs),
          response.bodyFrom + differs,
          wanted,
          response.bodyFrom,
        );
      }
      const error = (value as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null) ?? {};
      if (
        expected.error !== undefined &&
        !(error.ok === false && error.error?.code === expected.error && typeof error.error?.message === "string")
      ) {
        this.failWith(
          words.withBody(this.base, words.shownJson(shape)),
          words.itSent(words.shownJson(value)),
          response.bodyFrom,
        );
      }
    }
    for (const piece of expected.bodyHas ?? []) {
      const found = typeof piece === "string" ? text.includes(piece) : piece.matches(text);
      if (found) continue;
      const shown = typeof piece === "string" ? words.quoted(piece) : piece.shown;
      this.failWith(words.withBodyHolding(this.base, shown), words.bodyLacks, response.bodyFrom);
    }
  }

  private fail(came: Text, mark: number, wanted: string, wantedFrom: number): never {
    return this.failWith(this.base, came, mark, wanted, wantedFrom);
  }

  /** Fails, showing the bytes at `mark` (and what should have been there, from `wantedFrom`). */
  private failWith(
    expected: Text,
    came: Text,
    mark: number,
    wanted?: string | Uint8Array,
    wantedFrom = mark,
    advice?: Text,
  ): never {
    const bytes = wanted === undefined ? undefined : { bytes: Buffer.from(wanted), from: wantedFrom };
    return fail({
      expected,
      came,
      evidence: evidenceAt(this.label, this.connection.received, mark, bytes),
      ...(advice === undefined ? {} : { advice }),
    });
  }
}

/** After the body: the server's FIN, and not a byte more (a body longer than its Content-Length shows here). */
async function expectFinAfter(connection: Connection, response: HttpResponse, base: Text): Promise<void> {
  const end = response.bodyFrom + response.body.length;
  await connection.waitFor(() => connection.received.length > end, READ_TIMEOUT_MS);
  const extra = connection.received.length - end;
  if (extra === 0 && connection.ending === "end") return;
  fail({
    expected: words.thenFin(base),
    came:
      extra > 0
        ? words.sentMore(extra)
        : connection.ending === "reset"
          ? words.closedInstead("reset")
          : words.stayedOpen(READ_TIMEOUT_MS),
    evidence: evidenceAt(words.bytesFrom(connection.peer), connection.received, end),
    ...(extra > 0
      ? { advice: words.contentLengthAdvice }
      : connection.ending === "reset"
        ? { advice: words.lingeringCloseAdvice }
        : {}),
  });
}

/**
 * Ends our side (FIN, after everything we sent), and expects the server to close the
 * connection without a reset, at any time: a server that closes with bytes unread makes its
 * kernel reset the connection, and a client may lose the response to it.
 */
export const expectNoReset =
  (name: string, timeoutMs = READ_TIMEOUT_MS): Step =>
  async (run) => {
    const connection = watched(run.connection(name));
    connection.end();
    const { socket } = connection;
    if (!socket.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        socket.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    // A reset the connection saw before its FIN, or one after it (which only this module notes).
    const reset = connection.ending === "reset" ? { afterFin: false } : resets.get(connection);
    if (reset !== undefined) {
      fail({
        expected: words.expectNoReset(connection.peer),
        came: words.resetWhileSending(reset.afterFin),
        advice: words.lingeringCloseAdvice,
      });
    }
    if (!socket.destroyed) fail({ expected: words.expectNoReset(connection.peer), came: words.stayedOpen(timeoutMs) });
  };

// --- reading the stream ------------------------------------------------------------------------

/** Where the next response starts in each connection's stream: these steps read it, and only they. */
const nextResponse = new WeakMap<Connection, number>();
/** The connections that were reset, and whether the peer's FIN had come before. */
const resets = new WeakMap<Connection, { afterFin: boolean }>();
const watching = new WeakSet<Connection>();

/** The connection, its resets noted from now on (even one after a FIN, which the connection itself does not count). */
function watched(connection: Connection): Connection {
  if (watching.has(connection)) return connection;
  watching.add(connection);
  connection.socket.on("error", () => {
    if (!resets.has(connection)) resets.set(connection, { afterFin: connection.ending === "end" });
  });
  return connection;
}

/** The offset just past the empty line that ends a head starting at `from`; -1 while it has not come. */
function emptyLineAfter(bytes: Buffer, from: number): number {
  for (let at = from; ; ) {
    const newline = bytes.indexOf(LF, at);
    if (newline === -1) return -1;
    if (newline === at || (newline === at + 1 && bytes[at] === CR)) return newline + 1;
    at = newline + 1;
  }
}

const shortfall = (connection: Connection, ms: number): words.Shortfall =>
  connection.ending === undefined ? { kind: "silence", ms } : { kind: connection.ending };

// --- what header values must be ------------------------------------------------------------------

const normalized = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/\s*([;,=])\s*/g, "$1");
const sameValue = (wanted: string): HeaderMatcher => ({
  shown: wanted,
  matches: (value) => normalized(value) === normalized(wanted),
});
const ANY_VALUE: HeaderMatcher = { shown: "…", matches: () => true };
/** RFC 9110's date, as `new Date().toUTCString()` writes it: `Mon, 07 Dec 2026 21:55:43 GMT`. */
const IMF_DATE: HeaderMatcher = {
  shown: "Mon, 07 Dec 2026 21:55:43 GMT",
  matches: (value) =>
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/.test(
      value,
    ),
};
const UTF8_TEXT: HeaderMatcher = {
  shown: "text/…; charset=utf-8",
  matches: (value) => /;\s*charset=utf-8\s*(;|$)/i.test(value),
};
const CLOSE: HeaderMatcher = {
  shown: "close",
  matches: (value) => value.split(",").some((option) => option.trim().toLowerCase() === "close"),
};
