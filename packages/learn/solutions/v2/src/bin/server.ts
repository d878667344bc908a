// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain, textLineFlag } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12103,
    summary: "v2 server: asks one client its name, prints it, greets the client by name, and exits.",
    flags: { question: textLineFlag("question to ask the client", "What is your name?") },
  },
  runServer,
);
