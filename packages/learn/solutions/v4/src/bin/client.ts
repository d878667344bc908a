// The runnable entry of `pnpm start:client`: the command line (flags, --trace, friendly
// errors) around the lesson, which is in ../client.ts, and where its commands come from.
import { clientMain } from "@socket-lessons/cli";
import {
  type ClientRequest,
  numberOrText,
  PRODUCT_COMMANDS,
  type ProductCommand,
  replyLines,
  typedCommands,
} from "@socket-lessons/cli/products";
import type { Reply } from "@socket-lessons/protocol";
import { runClient } from "../client.ts";

/** The task's new command: `remove CODE`, or "remove a product by code" in the menu. */
const REMOVE: ProductCommand = {
  name: "remove",
  label: "remove a product by code",
  fields: [{ usage: "CODE", question: "code" }],
  // The code goes as typed (a number when it is one): the server checks it, as it checks add's.
  request: ([code = ""]) => ({ op: "remove", code: numberOrText(code) }),
};

/** v4's commands with remove before quit, so that quit stays the last choice in the menu. */
const COMMANDS = [
  ...PRODUCT_COMMANDS.filter((command) => command.name !== "quit"),
  REMOVE,
  ...PRODUCT_COMMANDS.slice(-1),
];

/**
 * What the client prints for a reply: v4's lines, except for a removed product. v4 prints a
 * product table for any success that carries one product but add's; a remove gets one line
 * instead, as add does: `removed product 1: Pen`.
 */
function describeReply(request: ClientRequest, reply: Reply): string[] {
  if (request.op === "remove" && reply.ok && "product" in reply) {
    return [`removed product ${reply.product.code}: ${reply.product.name}`];
  }
  return replyLines(request, reply);
}

await clientMain(
  {
    port: 12105,
    summary: "v4 task client: adds, lists and removes products on the server, from a menu or from piped commands.",
  },
  // Object.assign keeps the commands' own `mistakes` counter (a getter) as it is.
  (options, console) =>
    runClient(options, Object.assign(typedCommands(COMMANDS), { describe: describeReply }), console),
);
