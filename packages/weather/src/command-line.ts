// The flags of `pnpm weather`, turned into WeatherOptions. Every value is checked here or in
// withDefaults, and a bad one is refused with a message naming the flag.
import net from "node:net";
import { parseArgs } from "node:util";
import {
  type Endpoint,
  MAX_MILLISECONDS,
  MAX_SLICE_BYTES,
  type WeatherOptions,
  WeatherOptionsError,
  withDefaults,
} from "./options.ts";

export const USAGE = `usage: pnpm weather -- --to HOST:PORT [options]

A proxy that makes the network misbehave on purpose. Put it between a client and a server:
the client connects to the proxy, and the proxy forwards to --to.

  --to HOST:PORT  the real server (required); IPv6 in brackets: [::1]:12002
  --host HOST     address to listen on (default 127.0.0.1)
  --port PORT     port to listen on (default 0: a free port, printed)
  --udp           forward UDP datagrams instead of a TCP stream
  --seed N        seed of every random decision, to replay a run (default: random, printed)
  --trace         print every chunk or datagram forwarded, with a hex dump, on stderr
  -h, --help      show this text

TCP (bytes always arrive exactly and in order; only the chunks and their timing change):
  --slice N       write 1 to N bytes at a time (sizes drawn at random), pausing between writes
  --coalesce MS   hold bytes for up to MS ms, then send them all in one write
TCP and UDP:
  --delay MS      delay every chunk or datagram by MS ms...
  --jitter MS     ...plus or minus a random part of MS ms (order is kept)
UDP only (with --udp):
  --loss P        drop a datagram with probability P (0 to 1)
  --dup P         send a datagram twice with probability P
  --reorder P     hold a datagram back behind the next one with probability P`;

const FLAGS = {
  to: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  udp: { type: "boolean" },
  slice: { type: "string" },
  coalesce: { type: "string" },
  delay: { type: "string" },
  jitter: { type: "string" },
  loss: { type: "string" },
  dup: { type: "string" },
  reorder: { type: "string" },
  seed: { type: "string" },
  trace: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type FlagName = keyof typeof FLAGS;

export type ParsedCommandLine = { help: true } | { help: false; options: WeatherOptions };

/** Parses the arguments after `pnpm weather`; throws WeatherOptionsError naming the bad flag. */
export function parseWeatherCommandLine(argv: readonly string[]): ParsedCommandLine {
  // pnpm passes on the `--` that separates its own flags from the program's.
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const values = readFlags(args);
  if (values.help === true) return { help: true };

  const text = (name: FlagName): string | undefined => values[name] as string | undefined;
  const whole = (name: FlagName, min: number, max: number) => parseWhole(name, text(name), min, max);
  const probability = (name: FlagName) => parseProbability(name, text(name));

  const options: WeatherOptions = {
    to: parseTarget(text("to")),
    host: text("host"),
    port: whole("port", 0, 65_535),
    udp: values.udp === true,
    slice: whole("slice", 1, MAX_SLICE_BYTES),
    coalesce: whole("coalesce", 0, MAX_MILLISECONDS),
    delay: whole("delay", 0, MAX_MILLISECONDS),
    jitter: whole("jitter", 0, MAX_MILLISECONDS),
    loss: probability("loss"),
    dup: probability("dup"),
    reorder: probability("reorder"),
    seed: whole("seed", 0, 2 ** 32 - 1),
    trace: values.trace === true,
  };
  withDefaults(options); // the checks that concern several flags at once (--loss needs --udp)
  return { help: false, options };
}

/** parseArgs without `strict`, so that the messages can name the flag in our own words. */
function readFlags(args: string[]): Record<string, string | boolean | undefined> {
  const { tokens } = parseArgs({ args, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | undefined> = {};
  for (const token of tokens) {
    if (token.kind === "positional")
      throw new WeatherOptionsError(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind === "option-terminator") throw new WeatherOptionsError("unexpected --: flags go after one --");
    const flag = FLAGS[token.name as FlagName] as (typeof FLAGS)[FlagName] | undefined;
    if (flag === undefined) throw new WeatherOptionsError(`unknown flag ${token.rawName}`);
    if (flag.type === "boolean" && token.value !== undefined) {
      throw new WeatherOptionsError(`${token.rawName} takes no value`);
    }
    if (flag.type === "string" && token.value === undefined) {
      throw new WeatherOptionsError(`${token.rawName} needs a value`);
    }
    values[token.name] = token.value ?? true;
  }
  return values;
}

function parseWhole(name: FlagName, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new WeatherOptionsError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function parseProbability(name: FlagName, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value <= 1)) {
    throw new WeatherOptionsError(
      `--${name} must be a probability from 0 to 1 (0.1 is one in ten), got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** --to HOST:PORT, the port after the last colon; an IPv6 host in brackets. */
function parseTarget(raw: string | undefined): Endpoint {
  const example = "e.g. --to 127.0.0.1:12002, or --to [::1]:12002 for IPv6";
  if (raw === undefined) throw new WeatherOptionsError(`--to is required: the address of the real server, ${example}`);
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(raw);
  if (match === null) {
    const hint = net.isIPv6(raw.replace(/:\d+$/, "")) ? " (put an IPv6 address in brackets)" : "";
    throw new WeatherOptionsError(`--to must be HOST:PORT${hint}, got ${JSON.stringify(raw)}: ${example}`);
  }
  const [, ipv6, host, port] = match;
  if (ipv6 !== undefined && !net.isIPv6(ipv6)) {
    throw new WeatherOptionsError(`--to: ${JSON.stringify(ipv6)} in brackets is not an IPv6 address`);
  }
  const portNumber = Number(port);
  if (!(portNumber >= 1 && portNumber <= 65_535)) {
    throw new WeatherOptionsError(`--to: the port must be from 1 to 65535, got ${port}`);
  }
  return { host: ipv6 ?? host ?? "", port: portNumber };
}
