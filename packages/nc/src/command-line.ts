// netcat's command line: `pnpm nc -lv 127.0.0.1 12002`. Short flags, alone or together, and
// the host and port as plain words. packages/cli reads long flags only (`--listen`), and no
// plain words, so this file turns netcat's spelling into cli's and takes the words out first.
import {
  booleanFlag,
  type FlagValues,
  hostFlag,
  integerFlag,
  type ParsedCommandLine,
  parseCommandLine,
  UsageError,
} from "@socket-lessons/cli";

export const NC_COMMAND = {
  usage: [
    "pnpm nc [-u] [-C] [-v] HOST PORT",
    "       pnpm nc -l [-u] [-C] [-v] [HOST] PORT     (wait for one client)",
  ].join("\n"),
  summary: [
    "A netcat for every platform: stdin to the socket and the socket to stdout, a FIN when stdin ends",
    "(as OpenBSD's nc -N; -N is accepted and changes nothing), and an exit once both sides are done.",
  ].join("\n"),
  flags: {
    udp: booleanFlag("(-u) UDP: each line of stdin is one datagram; each datagram received is printed"),
    listen: booleanFlag("(-l) wait for one client on HOST (default 127.0.0.1) and PORT, instead of connecting"),
    crlf: booleanFlag("(-C) send each line end as \\r\\n, as HTTP and telnet want it"),
    verbose: booleanFlag("(-v) say on stderr when it connected and when each side closed"),
    timeout: integerFlag(
      "ms to wait for the connection (with -u: for the last replies, after stdin ends)",
      5000,
      { min: 1, max: 2 ** 31 - 1 },
      "MS",
    ),
    trace: booleanFlag("print every chunk read or written on stderr, as hex and text"),
  },
};

/** Each short flag of netcat that pnpm nc knows, and the long flag cli reads for it. */
const SHORT_FLAGS: Record<string, string | null> = {
  u: "--udp",
  l: "--listen",
  C: "--crlf",
  v: "--verbose",
  h: "--help",
  // OpenBSD's -N: "send FIN when stdin ends". pnpm nc always does, so it means nothing here;
  // it is accepted so that a command copied from an `nc -N` example works as typed.
  N: null,
};

export type NcCommandLine =
  | { help: true }
  | { help: false; options: FlagValues<typeof NC_COMMAND.flags> & { host: string; port: number } };

/** Parses `pnpm nc`'s arguments; bad ones throw a UsageError that names the flag or the word. */
export function parseNcCommandLine(argv: readonly string[]): NcCommandLine {
  const { flags, words } = separateWords(argv[0] === "--" ? argv.slice(1) : argv);
  const parsed: ParsedCommandLine<typeof NC_COMMAND.flags> = parseCommandLine(flags, NC_COMMAND);
  if (parsed.help) return parsed;

  // The words: HOST PORT; with -l, PORT alone means "on 127.0.0.1", loopback, as the lessons'
  // servers listen (OpenBSD nc would listen on every interface).
  const { listen } = parsed.options;
  const [hostWord, portWord] = listen && words.length === 1 ? ["127.0.0.1", words[0]] : words;
  if (words.length > 2)
    throw new UsageError(`unexpected argument ${JSON.stringify(words[2])}: give HOST and PORT only`);
  if (hostWord === undefined || portWord === undefined) {
    throw new UsageError(
      listen ? "PORT is missing: pnpm nc -l [HOST] PORT" : "HOST and PORT are missing: pnpm nc HOST PORT",
    );
  }
  const host = hostFlag("", "").parse(hostWord, "HOST");
  // Port 0 asks the system for a free port: for listening only (-v then says which).
  const port = integerFlag("", 0, { min: listen ? 0 : 1, max: 65535 }).parse(portWord, "PORT");
  return { help: false, options: { ...parsed.options, host, port } };
}

/** Splits the arguments into flags (short ones spelled long) and plain words (HOST, PORT). */
function separateWords(args: readonly string[]): { flags: string[]; words: string[] } {
  const flags: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith("--")) {
      flags.push(arg);
      // `--timeout 500`: the word after a flag that takes a value is that value, not a word.
      const takesValue = Object.entries(NC_COMMAND.flags).some(
        ([key, flag]) => flag.kind === "string" && arg === `--${key}`,
      );
      if (takesValue && i + 1 < args.length) flags.push(args[++i] as string);
    } else if (/^-[A-Za-z]+$/.test(arg)) {
      // `-lv` is `-l -v`.
      for (const letter of arg.slice(1)) {
        const long = SHORT_FLAGS[letter];
        if (long === undefined) throw new UsageError(`unknown option -${letter} (--help lists the options)`);
        if (long !== null) flags.push(long);
      }
    } else {
      words.push(arg); // HOST or PORT (a negative number too: PORT's own check refuses it)
    }
  }
  return { flags, words };
}
