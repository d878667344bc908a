// The flags of `pnpm weather`, declared once: the command line, its usage text and its
// errors come from packages/cli, as for every program of the course. The checks that concern
// several flags at once (--loss needs --udp) are in options.ts, where the checkers' calls
// meet them too.
import net from "node:net";
import {
  booleanFlag,
  type Command,
  type Flag,
  hostFlag,
  integerFlag,
  type Localized,
  UsageError,
  wholeNumber,
} from "@socket-lessons/cli";
import { type Endpoint, MAX_MILLISECONDS, MAX_SLICE_BYTES } from "./options.ts";
import { MAX_SEED, randomSeed } from "./random.ts";

/** `--seed N` replays a run; left out, a fresh seed is drawn, and the program prints it. */
export function seedFlag(description: Localized): Flag<number> {
  return {
    kind: "string",
    description,
    valueName: "N",
    defaultText: { en: "random, printed", "pt-BR": "sorteada, impressa" },
    parse: (raw, flagName) =>
      typeof raw === "string" ? wholeNumber(raw, flagName, { min: 0, max: MAX_SEED }) : randomSeed(),
  };
}

/** `--to HOST:PORT`, the port after the last colon; an IPv6 host in brackets. Required. */
const targetFlag: Flag<Endpoint> = {
  kind: "string",
  description: "the real server (required); IPv6 in brackets: [::1]:12002",
  valueName: "HOST:PORT",
  parse(raw, flagName) {
    const example = `e.g. ${flagName} 127.0.0.1:12002, or ${flagName} [::1]:12002 for IPv6`;
    if (typeof raw !== "string")
      throw new UsageError(`${flagName} is required: the address of the real server, ${example}`);
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(raw);
    if (match === null) {
      const hint = net.isIPv6(raw.replace(/:\d+$/, "")) ? " (put an IPv6 address in brackets)" : "";
      throw new UsageError(`${flagName} must be HOST:PORT${hint}, got ${JSON.stringify(raw)}: ${example}`);
    }
    const [, ipv6, host, port] = match;
    if (ipv6 !== undefined && !net.isIPv6(ipv6)) {
      throw new UsageError(`${flagName}: ${JSON.stringify(ipv6)} in brackets is not an IPv6 address`);
    }
    return {
      host: ipv6 ?? host ?? "",
      port: wholeNumber(port ?? "", `the port of ${flagName}`, { min: 1, max: 65_535 }),
    };
  },
};

/** A probability from 0 to 1 (`0.1` is one in ten); left out, 0: never. */
function probabilityFlag(description: string): Flag<number> {
  return {
    kind: "string",
    description,
    valueName: "P",
    parse(raw, flagName) {
      if (typeof raw !== "string") return 0;
      const value = /^(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(value >= 0 && value <= 1)) {
        throw new UsageError(
          `${flagName} must be a probability from 0 to 1 (0.1 is one in ten), got ${JSON.stringify(raw)}`,
        );
      }
      return value;
    },
  };
}

/** A whole number of milliseconds or bytes; left out, 0: off (no default is shown). */
function offUnlessGiven(description: string, range: { min: number; max: number }, valueName: string): Flag<number> {
  return { ...integerFlag(description, 0, range, valueName), defaultText: undefined };
}

export const weatherCommand = {
  usage: "pnpm weather -- --to HOST:PORT [options]",
  summary:
    "A proxy that makes the network misbehave on purpose. Put it between a client and a server:\n" +
    "the client connects to the proxy, and the proxy forwards to --to.",
  flags: {
    to: targetFlag,
    host: hostFlag("address to listen on", "127.0.0.1"),
    port: integerFlag("port to listen on (0: a free port, printed)", 0, { min: 0, max: 65_535 }, "PORT"),
    udp: booleanFlag("forward UDP datagrams instead of a TCP stream"),
    slice: offUnlessGiven(
      "TCP: write 1 to N bytes at a time (sizes drawn at random), pausing between writes",
      { min: 1, max: MAX_SLICE_BYTES },
      "N",
    ),
    coalesce: offUnlessGiven(
      "TCP: hold bytes for up to MS ms, then send them all in one write",
      { min: 0, max: MAX_MILLISECONDS },
      "MS",
    ),
    delay: offUnlessGiven("delay every chunk or datagram by MS ms...", { min: 0, max: MAX_MILLISECONDS }, "MS"),
    jitter: offUnlessGiven(
      "...plus or minus a random part of MS ms (order is kept)",
      { min: 0, max: MAX_MILLISECONDS },
      "MS",
    ),
    loss: probabilityFlag("UDP: drop a datagram with probability P (0 to 1)"),
    dup: probabilityFlag("UDP: send a datagram twice with probability P"),
    reorder: probabilityFlag("UDP: hold a datagram back behind the next one with probability P"),
    seed: seedFlag("seed of every random decision, to replay a run"),
    trace: booleanFlag("print every chunk or datagram forwarded, with a hex dump, on stderr"),
  },
  notes:
    "Over TCP, bytes always arrive exactly and in order: only the chunks and their timing change.\n" +
    "Loss, duplicates and reordering are for UDP only (--udp).",
} satisfies Command;
