// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  { port: 12001, summary: "v1 server: accepts one client, prints its address, closes the connection and exits." },
  runServer,
);
