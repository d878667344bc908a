// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, textLineFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12002,
    summary: "v2 client: prints the server's greeting line, answers with a line, and closes.",
    flags: { message: textLineFlag("line to answer with", "Hello from the client!") },
  },
  runClient,
);
