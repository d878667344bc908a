// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, textLineFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12103,
    summary: "v2 client: prints the server's question, answers with a name, prints the greeting, and closes.",
    flags: { name: textLineFlag("the name to answer the server's question with", "Maria") },
  },
  runClient,
);
