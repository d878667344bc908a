// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12105,
    summary: "v4 task server: keeps a product list for one client (add, list, remove, quit), then exits.",
  },
  runServer,
);
