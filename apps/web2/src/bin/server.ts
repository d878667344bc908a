// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { integerFlag, serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12008,
    summary: "web2 server: one product list for every client, as a web page with a form and a JSON API, until stopped.",
    flags: {
      maxClients: integerFlag("clients served at once; the next one gets 503", 10_000, { min: 1, max: 1_000_000 }),
      idleTimeout: integerFlag("seconds before an idle or stalled client is closed", 300, { min: 1, max: 86_400 }, "S"),
    },
  },
  runServer,
);
