// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { integerFlag, serverMain } from "@socket-lessons/cli";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12009,
    summary: "web3 server: web2 over persistent connections (keep-alive, pipelining, timeouts), until stopped.",
    flags: {
      maxClients: integerFlag("clients served at once; the next one gets 503", 10_000, { min: 1, max: 1_000_000 }),
      idleTimeout: integerFlag(
        "seconds an open connection may wait for its next request",
        5,
        { min: 1, max: 86_400 },
        "S",
      ),
      headerTimeout: integerFlag(
        "seconds a client has to send a request head (then 408)",
        10,
        { min: 1, max: 86_400 },
        "S",
      ),
    },
  },
  runServer,
);
