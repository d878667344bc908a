// The terminal side of the product clients (v4, v5, the exercise): where requests come from
// (a menu, a pipe, a simulation) and how replies are shown. Not socket code: the lessons'
// clients send the requests and read the replies themselves.
export { type ProductCommands, processTerminal, type Terminal, typedCommands } from "./command-source.ts";
export { productTable, replyLines } from "./format.ts";
export {
  type ClientRequest,
  PRODUCT_COMMANDS,
  type ProductCommand,
  type Success,
  usageOf,
} from "./product-commands.ts";
export { randomProduct, simulatedCommands } from "./simulated-commands.ts";
export { colorList, decimalCommaHint, numberOrText, splitWords } from "./words.ts";
