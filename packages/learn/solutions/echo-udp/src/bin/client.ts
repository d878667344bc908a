// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts.
import { clientMain, integerFlag } from "@socket-lessons/cli";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12101,
    udp: true,
    summary: "UDP pinger: sends numbered pings, prints each round-trip time, then the loss and min/avg/max.",
    flags: { count: integerFlag("how many pings to send", 10, { min: 1, max: 10_000 }) },
  },
  runClient,
);
