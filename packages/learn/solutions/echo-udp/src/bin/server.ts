// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  { port: 12101, udp: true, summary: "UDP echo server: answers every datagram with the same bytes, until stopped." },
  runServer,
);
