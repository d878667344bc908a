import { describe, expect, it } from "vitest";
import {
  clientFlags,
  formatUsage,
  integerFlag,
  parseCommandLine,
  serverFlags,
  stringFlag,
  UsageError,
} from "../src/index.ts";

const command = {
  usage: "pnpm --filter v2 start:client -- [options]",
  summary: "a test client",
  flags: { ...clientFlags(12002), message: stringFlag("line to send", "Hello") },
};

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, command);
  if (parsed.help) throw new Error("unexpected --help");
  return parsed.options;
}

describe("parseCommandLine", () => {
  it("gives every flag its default", () => {
    expect(parse([])).toEqual({ host: "127.0.0.1", port: 12002, timeout: 5000, trace: false, message: "Hello" });
  });

  it("skips the leading -- that pnpm passes on", () => {
    expect(parse(["--", "--port", "4000", "--trace"])).toMatchObject({ port: 4000, trace: true });
  });

  it("accepts --flag=value", () => {
    expect(parse(["--message=hi there", "--host=::1"])).toMatchObject({ message: "hi there", host: "::1" });
  });

  it.each(["abc", "65536", "-1", "1e3", "", "12.5", " 80"])("refuses --port %j, naming the flag", (value) => {
    expect(() => parse([`--port=${value}`])).toThrow(UsageError);
    expect(() => parse([`--port=${value}`])).toThrow(/--port must be a whole number from 1 to 65535/);
  });

  it("lets a server ask for port 0 (any free port), but not a client", () => {
    const server = { usage: "server", summary: "", flags: serverFlags(12002) };
    const parsed = parseCommandLine(["--port", "0"], server);
    expect(parsed.help === false && parsed.options.port).toBe(0);
    expect(() => parse(["--port", "0"])).toThrow(UsageError);
  });

  it("refuses an empty --host", () => {
    expect(() => parse(["--host", ""])).toThrow(/--host must be a host name or IP address/);
  });

  it("names an unknown flag", () => {
    expect(() => parse(["--prot", "1"])).toThrow("unknown option --prot");
  });

  it("names a flag that is missing its value", () => {
    expect(() => parse(["--port"])).toThrow("--port needs a value");
    expect(() => parse(["--port", "--trace"])).toThrow("--port needs a value");
  });

  it("names a yes/no flag given a value", () => {
    expect(() => parse(["--trace=yes"])).toThrow("--trace takes no value");
  });

  it("refuses a bare argument", () => {
    expect(() => parse(["hello"])).toThrow(/unexpected argument "hello"/);
  });

  it("reports --help", () => {
    expect(parseCommandLine(["--", "--help"], command)).toEqual({ help: true });
  });

  it("checks the range of an integer flag", () => {
    const flag = integerFlag("retries", 3, { min: 0, max: 10 });
    expect(flag.parse("0", "--retries")).toBe(0);
    expect(() => flag.parse("11", "--retries")).toThrow("--retries must be a whole number from 0 to 10");
  });
});

describe("formatUsage", () => {
  it("lists every flag with its default", () => {
    const usage = formatUsage(command);
    expect(usage).toMatch(/^usage: pnpm --filter v2 start:client -- \[options\]/);
    expect(usage).toMatch(/--port PORT +server's port \(default 12002\)/);
    expect(usage).toMatch(/--message TEXT +line to send \(default "Hello"\)/);
    expect(usage).toMatch(/--help +show this help/);
  });
});
