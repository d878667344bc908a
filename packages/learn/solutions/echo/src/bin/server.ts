// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  { port: 12100, summary: "TCP echo server: sends every byte back to the client that sent it, until stopped." },
  runServer,
);
