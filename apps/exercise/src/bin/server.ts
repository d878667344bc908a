// The runnable entry of `pnpm start:server`: the command line (flags, --trace, Ctrl-C,
// friendly errors) around the lesson, which is in ../server.ts.
import { integerFlag, serverMain, stringFlag } from "@socket-lessons/cli";
import { DEFAULT_DATABASE_PATH } from "../product-database.ts";
import { runServer } from "../server.ts";

await serverMain(
  {
    port: 12006,
    summary: "exercise server: v5 plus get by code, with the products in SQLite, until stopped.",
    flags: {
      db: stringFlag("SQLite database file (:memory: for none)", DEFAULT_DATABASE_PATH, "PATH"),
      maxClients: integerFlag("clients served at once; the next one gets BUSY", 10_000, { min: 1, max: 1_000_000 }),
      idleTimeout: integerFlag("seconds before an idle or stalled client is closed", 300, { min: 1, max: 86_400 }, "S"),
    },
  },
  runServer,
);
