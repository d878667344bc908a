import { setTimeout as sleep } from "node:timers/promises";
import { MAX_PRODUCT_CODE, type Product } from "@socket-lessons/protocol";
import type { ProductCommands } from "./command-source.ts";
import { replyLines } from "./format.ts";
import { PRODUCT_COMMANDS } from "./product-commands.ts";

const NAMES = [
  "Caneta azul",
  "Caderno",
  "Lápis",
  "Borracha",
  "Régua",
  "Mochila",
  "Estojo",
  "Marcador",
  "Agenda",
  "Cola",
];
const COLORS = ["azul", "preto", "vermelho", "verde", "amarelo", "branco"];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** A product with a random code, name, price and colors, for the simulation. */
export function randomProduct(): Product {
  return {
    code: 1 + Math.floor(Math.random() * MAX_PRODUCT_CODE),
    name: pick(NAMES),
    price: Math.round(Math.random() * 10_000) / 100,
    colors: COLORS.filter(() => Math.random() < 0.3),
  };
}

/**
 * The original course's demo client: `rounds` rounds of adding a random product and listing,
 * each after a short random pause, then `quit`. Run several at once to watch a concurrent
 * server interleave them.
 */
export function simulatedCommands(rounds: number, pauseMs = { min: 100, max: 400 }): ProductCommands {
  let step = 0;
  return {
    async next() {
      const round = Math.floor(step / 2);
      const isAdd = step % 2 === 0;
      step += 1;
      if (round >= rounds) return { op: "quit" };
      if (!isAdd) return { op: "list" };
      await sleep(pauseMs.min + Math.random() * (pauseMs.max - pauseMs.min));
      return { op: "add", product: randomProduct() };
    },
    // A list is summed up in one line: with many clients adding, it soon gets long.
    describe(request, reply) {
      if (!reply.ok || !("products" in reply)) {
        return replyLines(
          reply,
          PRODUCT_COMMANDS.find((command) => command.name === request.op),
        );
      }
      const count = reply.products.length;
      return [`the shared list now has ${count} ${count === 1 ? "product" : "products"} (from every client)`];
    },
    mistakes: () => 0,
    close() {},
  };
}
