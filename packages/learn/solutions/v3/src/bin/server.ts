// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain, stringFlag } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12104,
    summary:
      "v3 task server: greets one client in a binary frame, prints each person it sends, answers with how many it accepted, and exits.",
    flags: { message: stringFlag("greeting to send", "Hello from the server!") },
  },
  runServer,
);
