// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, stringFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12100,
    summary: "TCP echo client: sends a message and prints what the server sends back.",
    flags: { message: stringFlag("message to send", "Hello, world") },
  },
  runClient,
);
