// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, integerFlag, stringFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12000,
    udp: true,
    summary: "UDP echo client: sends one datagram and waits for its echo, sending again if it is lost.",
    flags: {
      message: stringFlag("message to send", "Hello, world"),
      retries: integerFlag("times to send again when no echo comes", 3, { min: 0, max: 100 }),
    },
  },
  runClient,
);
