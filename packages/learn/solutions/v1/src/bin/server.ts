// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12102,
    summary:
      "v1 server: accepts three clients, one after another, prints where each came from, closes each connection and exits.",
  },
  runServer,
);
