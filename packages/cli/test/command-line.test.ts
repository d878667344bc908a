import { describe, expect, it } from "vitest";
import {
  argument,
  booleanFlag,
  choiceFlag,
  formatUsage,
  hostFlag,
  integerFlag,
  parseCommandLine,
  stringFlag,
  textArgument,
  UsageError,
} from "../src/index.ts";

const command = {
  usage: "pnpm --filter v2 start:client -- [options]",
  summary: "a test client",
  flags: {
    host: hostFlag("server's host", "127.0.0.1"),
    port: integerFlag("server's port", 12002, { min: 1, max: 65535 }, "PORT"),
    timeout: integerFlag("milliseconds to wait", 5000, { min: 1, max: 2 ** 31 - 1 }, "MS"),
    trace: booleanFlag("trace"),
    message: stringFlag("line to send", "Hello"),
    maxClients: integerFlag("clients at once", 10, { min: 1, max: 100 }),
  },
};

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, command);
  if (parsed.help) throw new Error("unexpected --help");
  return parsed.options;
}

describe("parseCommandLine", () => {
  it("gives every flag its default", () => {
    expect(parse([])).toEqual({
      host: "127.0.0.1",
      port: 12002,
      timeout: 5000,
      trace: false,
      message: "Hello",
      maxClients: 10,
    });
  });

  it("skips the leading -- that pnpm passes on", () => {
    expect(parse(["--", "--port", "4000", "--trace"])).toMatchObject({ port: 4000, trace: true });
  });

  it("accepts --flag=value", () => {
    expect(parse(["--message=hi there", "--host=::1"])).toMatchObject({ message: "hi there", host: "::1" });
  });

  it("spells a camelCase key as a kebab-case flag", () => {
    expect(parse(["--max-clients", "3"])).toMatchObject({ maxClients: 3 });
  });

  it.each(["abc", "65536", "-1", "1e3", "", "12.5", " 80"])("refuses --port %j, naming the flag", (value) => {
    expect(() => parse([`--port=${value}`])).toThrow(UsageError);
    expect(() => parse([`--port=${value}`])).toThrow(/--port must be a whole number from 1 to 65535/);
  });

  it("judges a value that starts with a dash as the value it is, not as a missing one", () => {
    expect(() => parse(["--port", "-1"])).toThrow('--port must be a whole number from 1 to 65535, got "-1"');
    expect(() => parse(["--timeout", "-5"])).toThrow('--timeout must be a whole number from 1 to 2147483647, got "-5"');
    expect(parse(["--message", "-hello-"])).toMatchObject({ message: "-hello-" });
  });

  it("refuses an empty --host", () => {
    expect(() => parse(["--host", ""])).toThrow(/--host must be a host name or IP address/);
  });

  it("names an unknown flag and points at --help", () => {
    expect(() => parse(["--prot", "1"])).toThrow("unknown option --prot (--help lists the options)");
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

  it("reports --help, and -h", () => {
    expect(parseCommandLine(["--", "--help"], command)).toEqual({ help: true });
    expect(parseCommandLine(["-h"], command)).toEqual({ help: true });
  });

  it("words every refusal in Portuguese too", () => {
    const refusal = (argv: string[]) => {
      try {
        parse(argv);
      } catch (error) {
        return (error as UsageError).in("pt-BR");
      }
      throw new Error(`${argv.join(" ")} was accepted`);
    };
    expect(refusal(["--port", "abc"])).toBe('--port deve ser um número inteiro de 1 a 65535; veio "abc"');
    expect(refusal(["--prot"])).toBe("opção desconhecida --prot (--help lista as opções)");
    expect(refusal(["--port"])).toBe("--port precisa de um valor");
    expect(refusal(["--trace=yes"])).toBe("--trace não recebe valor");
    expect(refusal(["hello"])).toBe('argumento inesperado "hello" (as opções começam com --)');
  });
});

describe("positional arguments", () => {
  const nc = {
    usage: "pnpm nc [options] HOST PORT",
    summary: "a netcat",
    args: {
      host: argument("HOST", hostFlag("where to connect", "")),
      port: argument("PORT", integerFlag("its port", 0, { min: 1, max: 65535 })),
    },
    flags: { udp: booleanFlag("UDP") },
  };
  const diff = {
    usage: "pnpm lesson:diff A [B]",
    summary: "a diff",
    args: {
      from: textArgument("A", "the first lesson"),
      to: argument("B", choiceFlag("the second lesson", "v5", ["v4", "v5"]), { optional: true }),
    },
    flags: {},
  };
  const options = <C extends typeof nc | typeof diff>(argv: string[], command: C) => {
    const parsed = parseCommandLine(argv, command);
    if (parsed.help) throw new Error("unexpected --help");
    return parsed.options;
  };

  it("reads each argument by its place, with the flags before, between or after them", () => {
    expect(options(["--", "localhost", "--udp", "12004"], nc)).toEqual({ host: "localhost", port: 12004, udp: true });
    expect(options(["--udp", "::1", "7"], nc)).toEqual({ host: "::1", port: 7, udp: true });
  });

  it("judges an argument as its flag would, naming it", () => {
    expect(() => options(["localhost", "http"], nc)).toThrow('PORT must be a whole number from 1 to 65535, got "http"');
  });

  it("names a missing argument, and one too many", () => {
    expect(() => options(["localhost"], nc)).toThrow("PORT is missing");
    expect(() => options(["localhost", "1", "2"], nc)).toThrow('unexpected argument "2"');
  });

  it("gives an optional argument left out its default", () => {
    expect(options(["v4"], diff)).toEqual({ from: "v4", to: "v5" });
    expect(options(["v4", "v4"], diff)).toEqual({ from: "v4", to: "v4" });
  });

  it("takes a flag's one-letter form, and shows both in the usage", () => {
    const listen = { ...nc, flags: { ...nc.flags, listen: { ...booleanFlag("listen"), short: "l" } } };
    const parsed = parseCommandLine(["-l", "::1", "7"], listen);
    expect(parsed.help ? undefined : parsed.options).toEqual({ host: "::1", port: 7, udp: false, listen: true });
    expect(formatUsage(listen)).toMatch(/\n {2}-l, --listen {2}listen\n/);
    expect(() => parseCommandLine(["-x", "::1", "7"], listen)).toThrow("unknown option -x (--help lists the options)");
  });

  it("lists the arguments in the usage", () => {
    expect(formatUsage(nc)).toMatch(/\narguments:\n {2}HOST {2}where to connect\n {2}PORT {2}its port\n/);
  });
});

describe("formatUsage", () => {
  it("lists every flag with its default", () => {
    const usage = formatUsage(command);
    expect(usage).toMatch(/^usage: pnpm --filter v2 start:client -- \[options\]/);
    expect(usage).toMatch(/--port PORT +server's port \(default 12002\)/);
    expect(usage).toMatch(/--message TEXT +line to send \(default "Hello"\)/);
    expect(usage).toMatch(/--max-clients N +clients at once \(default 10\)/);
    expect(usage).toMatch(/-h, --help +show this help/);
  });

  it("speaks Portuguese when asked", () => {
    const usage = formatUsage(
      { ...command, summary: { en: "a test client", "pt-BR": "um cliente de teste" } },
      "pt-BR",
    );
    expect(usage).toMatch(/^uso: pnpm --filter v2 start:client -- \[options\]\num cliente de teste\n\nopções:\n/);
    expect(usage).toMatch(/--port PORT +server's port \(padrão 12002\)/);
    expect(usage).toMatch(/-h, --help +mostra esta ajuda/);
  });
});
