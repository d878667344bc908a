// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts, and where its commands come from.
import { clientMain } from "@socket-lessons/cli";
import { PRODUCT_COMMANDS, typedCommands } from "@socket-lessons/cli/products";
import { runClient } from "../client.ts";

await clientMain(
  { port: 12004, summary: "v4 client: adds and lists products on the server, from a menu or from piped commands." },
  (options, console) => runClient(options, typedCommands(PRODUCT_COMMANDS), console),
);
