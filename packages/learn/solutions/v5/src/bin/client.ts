// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts, and where its commands come from.
import { clientMain, integerFlag } from "@socket-lessons/cli";
import { PRODUCT_COMMANDS, simulatedCommands, typedCommands } from "@socket-lessons/cli/products";
import { runClient } from "../client.ts";

await clientMain(
  {
    port: 12106,
    summary: "v5 client: adds and lists products on the server, from a menu, piped commands, or a simulation.",
    flags: {
      simulate: integerFlag("add a random product and list, N times, instead of reading commands", 0, {
        min: 0,
        max: 1_000_000,
      }),
    },
  },
  ({ simulate, ...options }, console) =>
    runClient(options, simulate > 0 ? simulatedCommands(simulate) : typedCommands(PRODUCT_COMMANDS), console),
);
