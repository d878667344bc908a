// netcat's command line: `pnpm nc -lv 127.0.0.1 12002`. Short flags, alone or together, and
// the host and port as plain words, read by packages/cli like every program's. The one rule
// of nc's own: with -l, a single word is the PORT (HOST is then 127.0.0.1).
import {
  argument,
  booleanFlag,
  type CommandValues,
  hostFlag,
  integerFlag,
  parseCommandLine,
  textArgument,
  UsageError,
} from "@socket-lessons/cli";

export const NC_COMMAND = {
  usage: [
    "pnpm nc [-u] [-C] [-v] HOST PORT",
    "       pnpm nc -l [-u] [-C] [-v] [HOST] PORT     (wait for one client)",
  ].join("\n"),
  summary: [
    "A netcat for every platform: stdin to the socket and the socket to stdout, a FIN when stdin ends",
    "(as OpenBSD's nc -N), and an exit once both sides are done.",
  ].join("\n"),
  flags: {
    udp: { ...booleanFlag("UDP: each line of stdin is one datagram; each datagram received is printed"), short: "u" },
    listen: {
      ...booleanFlag("wait for one client on HOST (default 127.0.0.1) and PORT, instead of connecting"),
      short: "l",
    },
    crlf: { ...booleanFlag("send each line end as \\r\\n, as HTTP and telnet want it"), short: "C" },
    verbose: { ...booleanFlag("say on stderr when it connected and when each side closed"), short: "v" },
    // OpenBSD's -N: "send FIN when stdin ends". pnpm nc always does, so it changes nothing;
    // it is accepted so that a command copied from an `nc -N` example works as typed.
    finOnEof: {
      ...booleanFlag("accepted for OpenBSD nc's -N: pnpm nc always sends a FIN when stdin ends"),
      short: "N",
    },
    timeout: integerFlag(
      "ms to wait for the connection (with -u: for the last replies, after stdin ends)",
      5000,
      { min: 1, max: 2 ** 31 - 1 },
      "MS",
    ),
    trace: booleanFlag("print every chunk read or written on stderr, as hex and text"),
  },
  args: {
    first: textArgument("HOST", "the host to connect to (with -l: to listen on, and optional)"),
    second: argument(
      "PORT",
      { kind: "string", description: "the port", parse: (raw) => (typeof raw === "string" ? raw : "") },
      { optional: true },
    ),
  },
};

type Parsed = CommandValues<typeof NC_COMMAND>;
export type NcCommandLine =
  | { help: true }
  | { help: false; options: Omit<Parsed, "first" | "second" | "finOnEof"> & { host: string; port: number } };

/** Parses `pnpm nc`'s arguments; bad ones throw a UsageError that names the flag or the word. */
export function parseNcCommandLine(argv: readonly string[]): NcCommandLine {
  let parsed: ReturnType<typeof parseCommandLine<typeof NC_COMMAND>>;
  try {
    parsed = parseCommandLine(argv, NC_COMMAND);
  } catch (error) {
    // cli says "HOST is missing"; nc says what the whole command needs.
    if (error instanceof UsageError && /HOST is missing/.test(error.message)) throw missing(argv.includes("-l"));
    throw error;
  }
  if (parsed.help) return parsed;
  const { first, second, finOnEof: _alwaysSent, ...options } = parsed.options;
  // With -l, PORT alone means "on 127.0.0.1", loopback, as the lessons' servers listen
  // (OpenBSD nc would listen on every interface).
  const [hostWord, portWord] = options.listen && second === "" ? ["127.0.0.1", first] : [first, second];
  if (portWord === "") throw missing(options.listen);
  const host = hostFlag("", "").parse(hostWord, "HOST");
  // Port 0 asks the system for a free port: for listening only (-v then says which).
  const port = argument("PORT", integerFlag("", 0, { min: options.listen ? 0 : 1, max: 65535 })).parse(portWord);
  return { help: false, options: { ...options, host, port } };
}

const missing = (listen: boolean) =>
  new UsageError(listen ? "PORT is missing: pnpm nc -l [HOST] PORT" : "HOST and PORT are missing: pnpm nc HOST PORT");
