// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts, and where its commands come from.
import { clientMain, integerFlag } from "@socket-lessons/cli";
import {
  numberOrText,
  PRODUCT_COMMANDS,
  type ProductCommand,
  simulatedCommands,
  typedCommands,
} from "@socket-lessons/cli/products";
import { runClient } from "../client.ts";

/** The exercise's new command: `get CODE`, or "get a product by code" in the menu. Its reply prints as a table. */
const GET: ProductCommand = {
  name: "get",
  label: "get a product by code",
  fields: [{ usage: "CODE", question: "code" }],
  request: ([code = ""]) => ({ op: "get", code: numberOrText(code) }),
};

await clientMain(
  {
    port: 12006,
    summary: "exercise client: adds, lists and gets products, from a menu, piped commands, or a simulation.",
    flags: {
      simulate: integerFlag("add a random product and list, N times, instead of reading commands", 0, {
        min: 0,
        max: 1_000_000,
      }),
    },
  },
  ({ simulate, ...options }, console) =>
    runClient(options, simulate > 0 ? simulatedCommands(simulate) : typedCommands([...PRODUCT_COMMANDS, GET]), console),
);
