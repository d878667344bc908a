import {
  booleanFlag,
  type Command,
  choiceFlag,
  type Flag,
  type FlagValues,
  hostFlag,
  integerFlag,
} from "@socket-lessons/cli";

export const LESSONS = ["v5", "exercise"] as const;
export const OPS = ["list", "add", "get", "mixed"] as const;
export type Lesson = (typeof LESSONS)[number];
export type Op = (typeof OPS)[number];

export const benchCommand = {
  usage: "pnpm bench -- --lesson v5|exercise [options]",
  summary: "Drives many concurrent clients against a lesson's server and reports requests/s and latency.",
  flags: {
    lesson: choiceFlag("the lesson whose server to load", "v5", LESSONS),
    clients: integerFlag("concurrent clients", 100, { min: 1, max: 10_000 }),
    duration: integerFlag("seconds of measured load", 5, { min: 1, max: 600 }, "S"),
    warmup: integerFlag("seconds of load before measuring", 1, { min: 0, max: 60 }, "S"),
    op: choiceFlag("what each request does", "list", OPS),
    pipeline: integerFlag("requests each client keeps in flight", 1, { min: 1, max: 1000 }, "K"),
    seed: integerFlag("products added before the run", 1000, { min: 0, max: 100_000 }),
    hold: integerFlag("instead: open N connections, one request each, and keep them open", 0, { min: 0, max: 15_000 }),
    settle: integerFlag(
      "with --hold: measure the server's memory again after S seconds with every connection idle (0: do not)",
      30,
      { min: 0, max: 600 },
      "S",
    ),
    baseline: booleanFlag("also run the same load against the bare baseline server, and compare"),
    rounds: integerFlag(
      "with --baseline: take turns with the baseline this many times (the duration is shared out), so both see the same moments of a noisy machine",
      5,
      { min: 1, max: 100 },
      "N",
    ),
    tsx: booleanFlag(
      "run the servers' start scripts as written (TypeScript compiled in memory by tsx); by default they are compiled to JavaScript first",
    ),
    host: hostFlag("a server already running (default: start one)", ""),
    port: integerFlag("its port", 0, { min: 0, max: 65535 }, "PORT"),
    json: booleanFlag("print the results as JSON"),
  },
} satisfies Command<Record<string, Flag<unknown>>>;

export type BenchOptions = FlagValues<typeof benchCommand.flags>;
