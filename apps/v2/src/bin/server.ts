// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain, textLineFlag } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12002,
    summary: "v2 server: greets one client with a line, prints the line it answers, and exits.",
    flags: { message: textLineFlag("greeting line to send", "Hello from the server!") },
  },
  runServer,
);
