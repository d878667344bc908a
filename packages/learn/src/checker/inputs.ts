import { Random } from "@socket-lessons/weather";

/** Names a check may give a person: letters beyond ASCII in most, so that bytes ≠ characters. */
const FIRST_NAMES = [
  "João",
  "Zoë",
  "Ana",
  "Łucja",
  "Søren",
  "Iñês",
  "Chloé",
  "Müller",
  "Đorđe",
  "Ñusta",
  "Björk",
  "Otávio",
];
const LAST_NAMES = ["Souza", "Gonçalves", "Ødegaard", "García", "Nguyễn", "Dvořák", "Å", "Brontë", "Çelik", "Lima"];
/** Pieces of text: plain words, accented ones, and characters of 2, 3 and 4 bytes in UTF-8. */
const PIECES = ["olá", "mundo", "ação", "pão", "ünïcödé", "€", "café", "naïve", "日本", "🙂", "Ω", "x", "42", "socket"];

/** Hashes a check's id into a number, so that each check draws from a stream of its own. */
function idNumber(id: string): number {
  let hash = 2166136261;
  for (const character of id) hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 16777619);
  return hash >>> 0;
}

/**
 * What a check sends, drawn from the run's seed: the same seed gives the same inputs (so a
 * failure can be replayed with `--seed N`), and another seed gives others, so that a program
 * that hard-codes the checker's inputs passes on no seed. Each check draws from a stream of
 * its own, so that adding a check changes no other check's inputs.
 */
export class Inputs {
  private readonly random: Random;

  constructor(seed: number, checkId: string) {
    this.random = new Random(seed).fork(idNumber(checkId));
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return this.random.integer(min, max);
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.random.chance(probability);
  }

  pick<T>(choices: readonly T[]): T {
    return choices[this.int(0, choices.length - 1)] as T;
  }

  /** The items in a random order. */
  shuffle<T>(items: readonly T[]): T[] {
    const shuffled = [...items];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
    }
    return shuffled;
  }

  /** Several different items. */
  distinct<T>(count: number, draw: () => T): T[] {
    const seen = new Set<string>();
    const items: T[] = [];
    while (items.length < count) {
      const item = draw();
      const key = JSON.stringify(item);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
    return items;
  }

  /** A person's name: "Zoë Ødegaard". */
  name(): string {
    return `${this.pick(FIRST_NAMES)} ${this.pick(LAST_NAMES)}`;
  }

  /** A line of text, `min` to `max` pieces long, with non-ASCII letters and an emoji now and then. */
  text(min = 2, max = 8): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick(PIECES)).join(" ");
  }

  /** `count` random bytes, any of the 256. */
  bytes(count: number): Buffer {
    return Buffer.from(Array.from({ length: count }, () => this.int(0, 255)));
  }

  /** `count` lowercase letters. */
  letters(count: number): string {
    return Array.from({ length: count }, () => String.fromCharCode(0x61 + this.int(0, 25))).join("");
  }

  /** A product code: an integer from 1 to 2147483647, most of them large. */
  code(): number {
    return this.chance(0.2) ? this.int(1, 99) : this.int(100, 2_147_483_647);
  }

  /** A product of the product protocols (v4 and after), `colors` always given, as replies have it. */
  product(code = this.code()): Product {
    const colors = this.shuffle(COLORS).slice(0, this.int(0, 3));
    return { code, name: this.chance(0.5) ? this.name() : this.text(1, 3), price: this.int(0, 99_999) / 100, colors };
  }

  /** `count` products with different codes. */
  products(count: number): Product[] {
    const codes = this.distinct(count, () => this.code());
    return codes.map((code) => this.product(code));
  }
}

/** A product as the product protocols carry it. */
export interface Product {
  readonly code: number;
  readonly name: string;
  readonly price: number;
  readonly colors: readonly string[];
}

const COLORS = ["blue", "black", "vermelho", "verde", "amarelo", "Weiß", "rosé", "azul-marinho"];

// --- the web tasks (web2, web3) --------------------------------------------------------------

/** Products whose names all have letters beyond ASCII, so that a page's bytes ≠ its characters. */
export const productsBeyondAscii = (input: Inputs, count: number): Product[] =>
  input
    .products(count)
    .map((product) => ({ ...product, name: `${product.name} ${input.pick(["pão", "ação", "Zoë", "日本"])}` }));
