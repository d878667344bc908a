import { setTimeout as sleep } from "node:timers/promises";
import { formatReply } from "./format.ts";
import type { Reply, Request } from "./messages.ts";
import { MAX_PRODUCT_CODE, type Product } from "./product.ts";

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
 * server interleave them. It has the same shape as CommandReader, so the client loop is the
 * same whichever one feeds it.
 */
export class SimulatedCommands {
  readonly mistakes = 0;
  private step = 0;

  constructor(
    private readonly rounds: number,
    private readonly pauseMilliseconds = { min: 100, max: 400 },
  ) {}

  async next(): Promise<Request> {
    const round = Math.floor(this.step / 2);
    const isAdd = this.step % 2 === 0;
    this.step += 1;
    if (round >= this.rounds) return { op: "quit" };
    if (!isAdd) return { op: "list" };
    const { min, max } = this.pauseMilliseconds;
    await sleep(min + Math.random() * (max - min));
    return { op: "add", product: randomProduct() };
  }

  /** A list is summed up in one line: with many clients adding, it soon gets long. */
  format(request: Request, reply: Reply): string[] {
    if (reply.ok && "products" in reply) {
      const count = reply.products.length;
      return [`the list has ${count} ${count === 1 ? "product" : "products"}`];
    }
    return formatReply(request, reply);
  }

  close(): void {}
}
