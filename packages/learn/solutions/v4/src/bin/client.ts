// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts, and where its commands come from.
import { clientMain } from "@socket-lessons/cli";
import { numberOrText, PRODUCT_COMMANDS, type ProductCommand, typedCommands } from "@socket-lessons/cli/products";
import { runClient } from "../client.ts";

/** The task's new command: `remove CODE`, or "remove a product by code" in the menu. */
const REMOVE: ProductCommand = {
  name: "remove",
  label: "remove a product by code",
  fields: [{ usage: "CODE", question: "code" }],
  // The code goes as typed (a number when it is one): the server checks it, as it checks add's.
  request: ([code = ""]) => ({ op: "remove", code: numberOrText(code) }),
  // One line, as for add: a table of a product that is gone would say nothing.
  describeReply: (reply) =>
    "product" in reply ? [`removed product ${reply.product.code}: ${reply.product.name}`] : ["removed"],
};

await clientMain(
  {
    port: 12105,
    summary: "v4 task client: adds, lists and removes products on the server, from a menu or from piped commands.",
  },
  (options, console) => runClient(options, typedCommands([...PRODUCT_COMMANDS, REMOVE]), console),
);
