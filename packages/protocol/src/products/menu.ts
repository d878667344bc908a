import type { LineInput } from "../line-input.ts";
import { colorList, numberOrText } from "./commands.ts";
import type { Op, Request } from "./messages.ts";

const MENU_LABELS: Record<Op, string> = {
  add: "add a product",
  list: "list the products",
  get: "get a product by code",
  quit: "quit",
};

/**
 * The interactive menu: asks what to do, then each field it needs. Returns the request to
 * send, or undefined when the input ends (Ctrl-D).
 */
export async function requestFromMenu(input: LineInput, knownOps: readonly Op[]): Promise<Request | undefined> {
  const menu = knownOps.map((op, index) => `${index + 1}) ${MENU_LABELS[op]}`).join("  ");
  for (;;) {
    const choice = await input.ask(`\n${menu}\n> `);
    if (choice === undefined) return undefined;
    const op = knownOps[Number(choice.trim()) - 1] ?? knownOps.find((known) => known === choice.trim());
    if (op === undefined) continue;
    switch (op) {
      case "add": {
        const code = await input.ask("code: ");
        const name = await input.ask("name: ");
        const price = await input.ask("price: ");
        const colors = await input.ask("colors (comma-separated, Enter for none): ");
        if (code === undefined || name === undefined || price === undefined || colors === undefined) return undefined;
        const product = {
          code: numberOrText(code.trim()),
          name,
          price: numberOrText(price.trim()),
          colors: colorList(colors),
        };
        return { op, product } as Request;
      }
      case "get": {
        const code = await input.ask("code: ");
        if (code === undefined) return undefined;
        return { op, code: numberOrText(code.trim()) } as Request;
      }
      case "list":
      case "quit":
        return { op };
    }
  }
}
