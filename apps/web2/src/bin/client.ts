// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { argument, clientMain, stringFlag, UsageError } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

const flags = {
  data: stringFlag("send TEXT as a form body (application/x-www-form-urlencoded), as curl -d does", ""),
  json: stringFlag("send TEXT as a JSON body (application/json), as curl --json does", ""),
};

// `[METHOD] PATH`, like curl's URL: one word is the PATH, two are METHOD and PATH.
const word = (name: string, description: string) =>
  argument(
    name,
    { kind: "string", description, parse: (raw) => (typeof raw === "string" ? raw : "") },
    { optional: true },
  );
const args = {
  first: word("METHOD", "GET, HEAD, POST... (default: GET, or POST with a body)"),
  second: word("PATH", "the target, from / (default: /)"),
};

await clientMain(
  {
    port: 12008,
    summary: "web2 client, a small curl -i: [METHOD] PATH, with --data or --json for a body",
    flags,
    args,
  },
  async ({ data, json, first, second, ...options }, console) => {
    const words = [first, second].filter((each) => each !== "");
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
);
