// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, stringFlag, UsageError } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

const flags = {
  data: stringFlag("send TEXT as a form body (application/x-www-form-urlencoded), as curl -d does", ""),
  json: stringFlag("send TEXT as a JSON body (application/json), as curl --json does", ""),
};

// `[METHOD] PATH` are words without dashes, like curl's URL. The shared command line reads
// flags only, so the words are taken out here, and the flags (with their values) passed on.
const { words, rest } = splitWords(process.argv.slice(2), ["--host", "--port", "--timeout", "--data", "--json"]);

await clientMain(
  {
    port: 12007,
    summary: "web1 client, a small curl -i: start:client -- [METHOD] PATH [--data TEXT | --json TEXT] [options]",
    flags,
  },
  async ({ data, json, ...options }, console) => {
    if (words.length > 2)
      throw new UsageError(`expected [METHOD] PATH, got ${words.map((w) => JSON.stringify(w)).join(" ")}`);
    const path = words.at(-1) ?? "/";
    if (!path.startsWith("/")) throw new UsageError(`PATH must start with /, got ${JSON.stringify(path)}`);
    if (data !== "" && json !== "") throw new UsageError("--data and --json both set a body: choose one");
    const body =
      json !== ""
        ? { type: "application/json", text: json }
        : data !== ""
          ? { type: "application/x-www-form-urlencoded", text: data }
          : undefined;
    // Like curl: POST when there is a body, GET otherwise, unless a METHOD is given.
    const method = words.length === 2 ? (words[0] as string) : body === undefined ? "GET" : "POST";
    if (!/^[A-Za-z]+$/.test(method))
      throw new UsageError(`METHOD must be a word such as GET or POST, got ${JSON.stringify(method)}`);
    return runClient({ ...options, method, path, body }, console);
  },
  rest,
);

/** The words of a command line that are neither a flag nor a flag's value. */
function splitWords(argv: string[], flagsWithValues: string[]): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  const args = argv[0] === "--" ? argv.slice(1) : argv; // pnpm passes its `--` on
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("-")) words.push(arg);
    else if (flagsWithValues.includes(arg) && i + 1 < args.length) rest.push(arg, args[++i] as string);
    else rest.push(arg);
  }
  return { words, rest };
}
