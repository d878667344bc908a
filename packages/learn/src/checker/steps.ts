// The steps a check is written in: what to send, what must come back. A check is a list of
// them, run in order by one runner, which words every failure (see words.ts). A step names
// the connection or program it acts on: "server" is the student's server; connections and
// clients have the names the check gives them.
import { isDeepStrictEqual } from "node:util";
import v8 from "node:v8";
import { type Text, text } from "../i18n.ts";
import { type CheckRun, type Route, SERVER } from "./check-run.ts";
import { evidenceAt, firstDifference } from "./evidence.ts";
import { fail } from "./failure.ts";
import * as words from "./words.ts";

export type Step = (run: CheckRun) => Promise<void>;

/** A command-line argument, known now or only while the check runs (a port). */
export type Arg = string | number | ((run: CheckRun) => string);
const resolve = (args: readonly Arg[], run: CheckRun) =>
  args.map((arg) => (typeof arg === "function" ? arg(run) : String(arg)));

/** A step that is none of the others: a few lines with the same primitives, for what a conversation cannot say. */
export const step = (run: (run: CheckRun) => Promise<void>): Step => run;

// --- the student's programs -------------------------------------------------------------------

/** Starts the student's server with these flags (after `--port 0`). Other steps start it without any, when needed. */
export const startServer =
  (...args: Arg[]): Step =>
  async (run) => {
    await run.startServer(resolve(args, run));
  };

/** Starts the server again, with the flags it had (after it exited, or was stopped). */
export const restartServer = (): Step => async (run) => {
  await run.startServer();
};

/** Sends the server a signal: SIGTERM or SIGINT (Ctrl-C) to ask it to stop, SIGKILL to kill it. */
export const signalServer =
  (signal: NodeJS.Signals): Step =>
  async (run) => {
    run.program(SERVER).signal(signal);
  };

/** Starts the student's client `name` with these arguments (and text on its stdin). */
export const startClient =
  (name: string, args: readonly Arg[], stdin?: string): Step =>
  async (run) => {
    await run.startClient(name, resolve(args, run), stdin);
  };

/** The port of the checker's own server `listener` (through its weather), as an argument for a client. */
export const portOf =
  (listener: string): Arg =>
  (run) =>
    String(run.listenerPort(listener));

/** The student's server's port (through this run's weather), as an argument for a client. */
export const serverPort = (): Arg => (run) => String(run.serverPort ?? 0);

/** Expects program `who` to exit with `code`. */
export const expectExit =
  (who: string, code: number, timeoutMs = 10_000): Step =>
  async (run) => {
    const program = run.program(who);
    const exit = await program.waitForExit(timeoutMs);
    if (exit?.code === code) return;
    fail({
      expected: words.expectExit(program.who, code),
      came: exit === undefined ? words.stillRunning(timeoutMs) : words.exitedWith(exit.code, exit.signal),
      program: program.report(),
    });
  };

/** A line a program must print: how it reads in a failure, and what matches it. */
export interface LineSpec {
  readonly shown: string;
  matches(line: string, run: CheckRun): boolean;
}

/** A piece of a printed line known only while the check runs (a port). */
export interface Placeholder {
  readonly shown: string;
  /** A regular expression for it, in this run. */
  pattern(run: CheckRun): string;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A line as a template: ``line`client ${addressOf("c")} sent ${17} bytes` `` matches exactly
 * that line, the placeholders filled in as the check runs.
 */
export function line(strings: TemplateStringsArray, ...values: Array<string | number | Placeholder>): LineSpec {
  const join = (each: (value: string | number | Placeholder) => string, piece: (text: string) => string) =>
    values.reduce<string>(
      (all, value, index) => all + each(value) + piece(strings[index + 1] ?? ""),
      piece(strings[0] ?? ""),
    );
  const shown = join(
    (value) => (typeof value === "object" ? value.shown : String(value)),
    (text) => text,
  );
  return {
    shown,
    matches(candidate, run) {
      const source = join(
        (value) => (typeof value === "object" ? value.pattern(run) : escapeRegExp(String(value))),
        escapeRegExp,
      );
      return new RegExp(`^${source}$`, "u").test(candidate);
    },
  };
}

/** Any text at all in a printed line (a client's message, an error's wording). */
export const anything = (shown = "…"): Placeholder => ({ shown, pattern: () => ".*" });

/** Any whole number in a printed line. */
export const anyNumber = (shown = "N"): Placeholder => ({ shown, pattern: () => "\\d+" });

/**
 * The address the student's server sees for connection `name`: `127.0.0.1:PORT`. Straight
 * from the checker, PORT is the connection's own; through the weather, it is the proxy's
 * (any port but the server's own: printing its own address is the mistake to catch).
 */
export const addressOf = (name: string): Placeholder => ({
  shown: "127.0.0.1:PORT",
  pattern(run) {
    if (run.isDirect(name)) return escapeRegExp(`127.0.0.1:${run.connection(name).localPort}`);
    return `127\\.0\\.0\\.1:(?!${run.serverPort ?? 0}$)\\d+`;
  },
});

/** Expects program `who` to print a line matching `spec` (after the lines matched before). */
export const expectPrinted =
  (who: string, spec: LineSpec, options: { stream?: "stdout" | "stderr" | "either"; timeoutMs?: number } = {}): Step =>
  async (run) => {
    const { stream = "stdout", timeoutMs = 5000 } = options;
    const program = run.program(who);
    const found = await program.waitForLine((candidate) => spec.matches(candidate, run), {
      from: run.cursor(who),
      stream,
      timeoutMs,
    });
    if (typeof found === "object") {
      run.cursor(who, found.index + 1);
      return;
    }
    const exit = program.ended;
    fail({
      expected: words.expectPrinted(program.who, text(`\`${spec.shown}\``, `\`${spec.shown}\``), stream),
      came:
        found === "exited" && exit !== undefined
          ? words.exitedFirst(exit.code, exit.signal)
          : words.noSuchLine(timeoutMs),
      program: program.report(),
    });
  };

// --- connections -------------------------------------------------------------------------------

/** Connects to the student's server (starting it if needed) as connection `name`. */
export const connect =
  (name: string, route: Route = "weather"): Step =>
  async (run) => {
    await run.connect(name, route);
  };

/** Expects a new connection to the student's server to be refused: it no longer listens. */
export const expectRefused = (): Step => (run) => run.expectRefused();

/** Starts a server of the checker's own, `name`, for the student's client to connect to. */
export const listen =
  (name: string, route: Route = "weather"): Step =>
  async (run) => {
    await run.listen(name, route);
  };

/** Waits for client program `client` to connect to listener `listener`; the connection is `name`. */
export const accept =
  (listener: string, name: string, client = "client"): Step =>
  async (run) => {
    await run.accept(listener, name, client);
  };

/** Sends bytes (a string goes as UTF-8) in one write. */
export const send =
  (name: string, data: string | Uint8Array): Step =>
  async (run) => {
    run.connection(name).send(data);
  };

/** Sends lines, each ended by "\n", in one write. */
export const sendLines = (name: string, ...lines: string[]): Step =>
  send(name, lines.map((one) => `${one}\n`).join(""));

/** Sends JSON values, one per line, in one write (several: pipelined). */
export const sendJson = (name: string, ...values: unknown[]): Step =>
  send(name, values.map((value) => `${JSON.stringify(value)}\n`).join(""));

/** A frame of v3: a 4-byte big-endian length, then the payload. */
export function frame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** Sends bytes a few at a time, pausing after each piece, so that they arrive in that many reads. */
export const dribble =
  (name: string, data: string | Uint8Array, size = 1): Step =>
  (run) =>
    run.connection(name).dribble(typeof data === "string" ? Buffer.from(data) : data, size);

/** Half-closes: our FIN, "we send nothing more". */
export const end =
  (name: string): Step =>
  async (run) => {
    run.connection(name).end();
  };

/** Closes with a reset (RST), as a program that crashed would. */
export const reset =
  (name: string): Step =>
  async (run) => {
    run.connection(name).reset();
  };

/** Expects exactly these bytes next (`what` names them in a failure). */
export const expectBytes =
  (name: string, bytes: string | Uint8Array, what?: Text): Step =>
  (run) =>
    run.connection(name).expectBytes(typeof bytes === "string" ? Buffer.from(bytes) : bytes, what);

/** Expects the next line to be exactly this (its "\n" not included here). */
export const expectLine =
  (name: string, expected: string): Step =>
  (run) =>
    run.connection(name).expectLine(expected);

/** Expects the next line to be this JSON value (key order aside). */
export const expectJson =
  (name: string, value: unknown, what?: Text): Step =>
  async (run) => {
    await run.connection(name).expectJson(value, what);
  };

/** Expects the next line to be a failure reply with this error code (its message naming `naming`). */
export const expectError =
  (name: string, code: string, naming?: string): Step =>
  async (run) => {
    await run.connection(name).expectError(code, naming);
  };

/** Expects the peer to end the connection (FIN), with nothing more sent. */
export const expectEnd =
  (name: string): Step =>
  (run) =>
    run.connection(name).expectEnd();

/** Expects the peer to close the connection, by a FIN or a reset, whatever came before. */
export const expectClosed =
  (name: string): Step =>
  (run) =>
    run.connection(name).expectClosed();

/** Expects nothing at all for `ms`, and the connection still open. */
export const expectOpen =
  (name: string, ms: number): Step =>
  (run) =>
    run.connection(name).expectOpen(ms);

/** Expects program `who` NOT to print a line matching `spec` within `ms` (from the lines not yet matched). */
export const expectNotPrinted =
  (who: string, spec: LineSpec, ms: number, options: { stream?: "stdout" | "stderr" | "either" } = {}): Step =>
  async (run) => {
    const { stream = "stdout" } = options;
    const program = run.program(who);
    const found = await program.waitForLine((candidate) => spec.matches(candidate, run), {
      from: run.cursor(who),
      stream,
      timeoutMs: ms,
    });
    if (typeof found !== "object") return;
    fail({
      expected: words.expectNotPrinted(program.who, `\`${spec.shown}\``, ms),
      came: words.printedTooSoon(found.text),
      program: program.report(),
    });
  };

// --- the JSON Lines protocols (v4 and after) ---------------------------------------------------

/** A failure reply a step expects: `{"ok":false,"error":{"code":CODE,...}}`, its message naming `naming`. */
export interface ErrorExpected {
  readonly errorCode: string;
  readonly naming?: string;
}
export const error = (code: string, naming?: string): ErrorExpected =>
  naming === undefined ? { errorCode: code } : { errorCode: code, naming };
const isErrorExpected = (value: unknown): value is ErrorExpected =>
  typeof value === "object" && value !== null && "errorCode" in value;

/** A request line sent as it is (not JSON, or JSON written by hand: `__proto__`, key order). */
export interface RawLine {
  readonly raw: string;
}
export const raw = (line: string): RawLine => ({ raw: line });
const requestLine = (request: unknown) =>
  typeof request === "object" && request !== null && "raw" in request
    ? `${(request as RawLine).raw}\n`
    : `${JSON.stringify(request)}\n`;

/** Sends requests, one per line, in one write (several: pipelined). */
export const sendRequests = (name: string, ...requests: unknown[]): Step =>
  send(name, requests.map(requestLine).join(""));

/** Expects the next line to be this reply: a JSON value, or an `error(CODE)`. */
export const expectReply =
  (name: string, expected: unknown): Step =>
  async (run) => {
    if (isErrorExpected(expected)) await run.connection(name).expectError(expected.errorCode, expected.naming);
    else await run.connection(name).expectJson(expected);
  };

/** Sends one request and expects its reply. */
export const ask = (name: string, request: unknown, expected: unknown): Step[] => [
  sendRequests(name, request),
  expectReply(name, expected),
];

// --- v3's frames of v8 values, and whole outputs (v3, echo-udp) ----------------------------

/** A frame of v3 holding `value` as node:v8 serializes it. */
export const v8Frame = (value: unknown): Buffer => frame(v8.serialize(value));

/** Expects the next frame to hold `value`, v8-serialized (v3); a failure marks the first payload byte that differs. */
export const expectFrame =
  (name: string, value: unknown, what?: Text): Step =>
  async (run) => {
    const connection = run.connection(name);
    const payload = await connection.readFrame(what);
    const expected = words.expectV8Frame(value, connection.peer, what);
    const label = words.payloadFrom(connection.peer);
    let came: unknown;
    try {
      came = v8.deserialize(payload);
    } catch {
      fail({ expected, came: words.notV8(payload.length), evidence: evidenceAt(label, payload, 0) });
    }
    if (isDeepStrictEqual(came, value)) return;
    const wanted = v8.serialize(value);
    const differs = firstDifference(payload, wanted);
    fail({
      expected,
      came: words.itHolds(came),
      evidence: evidenceAt(label, payload, differs, { bytes: wanted, from: 0 }),
    });
  };

/** A line told by what it says rather than shown whole: "a line that names the frame". */
export interface DescribedLine extends LineSpec {
  readonly described: Text;
}

/** A printed line that `pattern` finds something in, described in words for a failure. */
export const lineSaying = (described: Text, pattern: RegExp): DescribedLine => ({
  shown: described.en,
  described,
  matches: (candidate) => pattern.test(candidate),
});

const describedLine = (spec: LineSpec): Text =>
  "described" in spec ? (spec as DescribedLine).described : text(`\`${spec.shown}\``, `\`${spec.shown}\``);

/**
 * Expects program `who` to exit having printed on `stream` exactly the lines `specs`, in
 * order, and nothing else there (only the lines `among` finds count, when given): one line
 * on stderr, not a stack trace; a line per frame, not one more.
 */
export const expectOnlyPrinted =
  (
    who: string,
    specs: readonly LineSpec[],
    options: { stream: "stdout" | "stderr"; among?: RegExp; timeoutMs?: number },
  ): Step =>
  async (run) => {
    const { stream, among, timeoutMs = 10_000 } = options;
    const program = run.program(who);
    const exit = await program.waitForExit(timeoutMs);
    if (exit === undefined) {
      fail({
        expected: words.expectExitFirst(program.who),
        came: words.stillRunning(timeoutMs),
        program: program.report(),
      });
    }
    const printed = program.output
      .linesFrom(0)
      .filter((line) => line.stream === stream && (among === undefined || among.test(line.text)))
      .map((line) => line.text);
    const differs = specs.findIndex(
      (spec, index) => printed[index] === undefined || !spec.matches(printed[index], run),
    );
    if (differs !== -1) {
      const spec = specs[differs] as LineSpec;
      const came = printed[differs];
      fail({
        expected: words.expectPrintedOnly(program.who, describedLine(spec), stream),
        came: came === undefined ? words.printedNoMore : words.printedInstead(came),
        program: program.report(),
      });
    }
    const extra = printed[specs.length];
    if (extra !== undefined) {
      fail({
        expected: words.expectNothingMore(program.who, stream),
        came: words.printedInstead(extra),
        program: program.report(),
      });
    }
  };

// --- v1 and v2: a close that is clean, an error said in one line ----------------------------

/**
 * After the peer's FIN, sends `data` and expects it read, not answered with a reset: a program
 * that closed its socket (destroy, a `break` out of its read loop, an exit) instead of reading
 * until our FIN is caught by the reset its system sends back. The system tells us of that reset
 * only at our next write, so `data` goes in two writes, `ms` apart. Use a direct connection;
 * `who` is the program at its other end (a client's name, when the checker is the server).
 */
export const expectReadUntilFin =
  (name: string, data: string, who = SERVER, ms = 100): Step =>
  async (run) => {
    const connection = run.connection(name);
    const { socket } = connection;
    const bytes = Buffer.from(data);
    const half = Math.ceil(bytes.length / 2);
    connection.send(bytes.subarray(0, half));
    await new Promise((resolve) => setTimeout(resolve, ms));
    connection.send(bytes.subarray(half));
    // A reset makes that second write fail (EPIPE or ECONNRESET): an empty write queued behind
    // it is called back once it has gone, or with the error (no race with a timer).
    if (!socket.destroyed) await new Promise((resolve) => socket.write(Buffer.alloc(0), resolve));
    if (socket.errored === null) return;
    fail({
      expected: words.expectNotReset(connection.peer),
      came: words.resetInstead,
      program: run.program(who).report(),
    });
  };

/** Expects program `who` to exit with code 1 and exactly one line on stderr that is not a stack trace. */
export const expectErrorExit =
  (who: string, timeoutMs = 5000): Step =>
  async (run) => {
    const program = run.program(who);
    const exit = await program.waitForExit(timeoutMs);
    // What it wrote just before exiting may still wait in the pipe, when this process was too
    // busy to read it before the exit was seen: a turn of I/O reads it.
    await new Promise((resolve) => setImmediate(resolve));
    const said = program.output.linesFrom(0).filter((line) => line.stream === "stderr" && line.text.trim() !== "");
    const came =
      exit === undefined
        ? words.stillRunning(timeoutMs)
        : exit.code !== 1
          ? words.exitedWith(exit.code, exit.signal)
          : said.some((line) => /^\s+at /.test(line.text))
            ? words.printedStackTrace
            : said.length === 0
              ? words.printedNothingOnStderr
              : said.length > 1
                ? words.printedLinesOnStderr(said.length)
                : undefined;
    if (came !== undefined) fail({ expected: words.expectErrorExit(program.who), came, program: program.report() });
  };

// --- v5: a client typed into over time (its stdin kept open) -----------------------------------
// A person at the menu types a command, waits, types the next: what a program does between two
// commands (show an event as it arrives) can only be seen with stdin fed over time.

/** Starts the student's client `name` with these arguments, `first` typed on its stdin, and stdin left open. */
export const startTypingClient =
  (name: string, args: readonly Arg[], first = ""): Step =>
  async (run) => {
    await run.startTypingClient(name, resolve(args, run), first);
  };

/** Types `text` on the stdin of client `name` (started by `startTypingClient`). */
export const typeIn =
  (name: string, text: string): Step =>
  async (run) => {
    run.program(name).typeIn(text);
  };

/** Closes the stdin of client `name` (end of input, Ctrl-D). */
export const endInput =
  (name: string): Step =>
  async (run) => {
    run.program(name).typeIn(undefined);
  };
