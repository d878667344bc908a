import { parseCommandLine, type UsageError } from "@socket-lessons/cli";
import { describe, expect, it } from "vitest";
import { weatherCommand } from "../src/command-line.ts";
import { withDefaults } from "../src/options.ts";

/** The options of a command line, checked as the proxy checks them when it starts. */
const options = (...argv: string[]) => {
  const parsed = parseCommandLine(argv, weatherCommand);
  if (parsed.help) throw new Error("unexpected --help");
  withDefaults(parsed.options);
  return parsed.options;
};
const refusal = (...argv: string[]) => {
  try {
    options(...argv);
  } catch (error) {
    return (error as UsageError).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
};

describe("the weather's command line", () => {
  it("reads every flag, after the -- that pnpm passes on", () => {
    expect(
      options(
        "--",
        "--to",
        "[::1]:12002",
        "--host",
        "::1",
        "--port",
        "0",
        "--slice",
        "3",
        "--coalesce",
        "5",
        "--delay",
        "200",
        "--jitter",
        "100",
        "--seed",
        "42",
        "--trace",
      ),
    ).toEqual({
      to: { host: "::1", port: 12002 },
      host: "::1",
      port: 0,
      udp: false,
      slice: 3,
      coalesce: 5,
      delay: 200,
      jitter: 100,
      loss: 0,
      dup: 0,
      reorder: 0,
      seed: 42,
      trace: true,
    });
    expect(options("--to=localhost:9", "--udp", "--loss", "0.3", "--dup", ".5", "--reorder", "1")).toMatchObject({
      to: { host: "localhost", port: 9 },
      udp: true,
      loss: 0.3,
      dup: 0.5,
      reorder: 1,
    });
  });

  it("draws a seed when none is given: a 32-bit number", () => {
    const { seed } = options("--to", "127.0.0.1:1");
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it("refuses loss, dup and reorder without --udp, and says why", () => {
    for (const flag of ["--loss", "--dup", "--reorder"]) {
      expect(refusal("--to", "127.0.0.1:1", flag, "0.1")).toMatch(
        new RegExp(`^${flag} needs --udp: TCP never loses, duplicates or reorders bytes`),
      );
    }
  });

  it("refuses slice and coalesce with --udp: a datagram is never split or merged", () => {
    expect(refusal("--to", "127.0.0.1:1", "--udp", "--slice", "2")).toMatch(/^--slice is for TCP only/);
    expect(refusal("--to", "127.0.0.1:1", "--udp", "--coalesce", "2")).toMatch(/^--coalesce is for TCP only/);
  });

  it("names the flag of every bad value, as every program of the course does", () => {
    const to = ["--to", "127.0.0.1:1"];
    expect(refusal(...to, "--bogus")).toBe("unknown option --bogus (--help lists the options)");
    expect(refusal(...to, "--slice")).toBe("--slice needs a value");
    expect(refusal(...to, "--slice", "0")).toMatch(/^--slice must be a whole number from 1 to 65536, got "0"/);
    expect(refusal(...to, "--delay", "soon")).toMatch(/^--delay must be a whole number/);
    expect(refusal(...to, "--udp", "--loss", "1.5")).toMatch(/^--loss must be a probability from 0 to 1/);
    expect(refusal(...to, "--port", "70000")).toMatch(/^--port must be a whole number from 0 to 65535/);
    expect(refusal(...to, "--seed", "-1")).toBe('--seed must be a whole number from 0 to 4294967295, got "-1"');
    expect(refusal(...to, "--trace=yes")).toBe("--trace takes no value");
    expect(refusal(...to, "extra")).toBe('unexpected argument "extra" (flags start with --)');
  });

  it("requires --to as HOST:PORT, with an IPv6 host in brackets", () => {
    expect(refusal()).toMatch(/^--to is required/);
    expect(refusal("--to", "12002")).toMatch(/^--to must be HOST:PORT/);
    expect(refusal("--to", "::1:12002")).toMatch(/^--to must be HOST:PORT \(put an IPv6 address in brackets\)/);
    expect(refusal("--to", "127.0.0.1:0")).toBe('the port of --to must be a whole number from 1 to 65535, got "0"');
    expect(refusal("--to", "[localhost]:1")).toMatch(/is not an IPv6 address/);
  });

  it("-h and --help ask for the usage", () => {
    expect(parseCommandLine(["-h"], weatherCommand)).toEqual({ help: true });
    expect(parseCommandLine(["--", "--help"], weatherCommand)).toEqual({ help: true });
  });
});
