import { describe, expect, it } from "vitest";
import { parseNcCommandLine } from "../src/index.ts";

const optionsOf = (argv: string[]) => {
  const parsed = parseNcCommandLine(argv);
  if (parsed.help) throw new Error("expected options, got --help");
  return parsed.options;
};

describe("pnpm nc's command line", () => {
  it("takes HOST and PORT as plain words, and connects over TCP by default", () => {
    expect(optionsOf(["127.0.0.1", "12000"])).toEqual({
      host: "127.0.0.1",
      port: 12000,
      udp: false,
      listen: false,
      crlf: false,
      verbose: false,
      timeout: 5000,
      trace: false,
    });
  });

  it("reads netcat's short flags, alone or together, as their long names", () => {
    expect(optionsOf(["-u", "-C", "-v", "::1", "12000"])).toMatchObject({ udp: true, crlf: true, verbose: true });
    expect(optionsOf(["-lv", "12002"])).toMatchObject({ listen: true, verbose: true, host: "127.0.0.1", port: 12002 });
    expect(optionsOf(["--listen", "--udp", "localhost", "0"])).toMatchObject({ listen: true, udp: true, port: 0 });
  });

  it("accepts OpenBSD's -N, which it always does, and a leading -- (as pnpm hands it on)", () => {
    expect(optionsOf(["--", "-N", "127.0.0.1", "12000"])).toMatchObject({ host: "127.0.0.1", port: 12000 });
  });

  it("takes the word after a flag with a value as that value, not as HOST or PORT", () => {
    expect(optionsOf(["--timeout", "500", "127.0.0.1", "12000"])).toMatchObject({ timeout: 500, port: 12000 });
    expect(optionsOf(["127.0.0.1", "--timeout=500", "12000"])).toMatchObject({ timeout: 500, port: 12000 });
  });

  it("-h and --help ask for the usage, even without HOST and PORT", () => {
    expect(parseNcCommandLine(["-h"])).toEqual({ help: true });
    expect(parseNcCommandLine(["--help"])).toEqual({ help: true });
  });

  it.each([
    [["-x", "127.0.0.1", "12000"], "unknown option -x (--help lists the options)"],
    [["-lz", "12000"], "unknown option -z (--help lists the options)"],
    [["--udpp", "127.0.0.1", "12000"], "unknown option --udpp (--help lists the options)"],
    [[], "HOST and PORT are missing: pnpm nc HOST PORT"],
    [["12000"], "HOST and PORT are missing: pnpm nc HOST PORT"],
    [["-l"], "PORT is missing: pnpm nc -l [HOST] PORT"],
    [["127.0.0.1", "12000", "extra"], 'unexpected argument "extra"'],
    [["127.0.0.1", "0"], 'PORT must be a whole number from 1 to 65535, got "0"'],
    [["127.0.0.1", "http"], 'PORT must be a whole number from 1 to 65535, got "http"'],
    [["-l", "70000"], 'PORT must be a whole number from 0 to 65535, got "70000"'],
    [["", "12000"], 'HOST must be a host name or IP address, got ""'],
    [["--timeout", "soon", "127.0.0.1", "12000"], '--timeout must be a whole number from 1 to 2147483647, got "soon"'],
  ])("refuses %j: %s", (argv, message) => {
    expect(() => parseNcCommandLine(argv)).toThrow(message);
  });
});
