import type { Product } from "./product.ts";

/**
 * The products a server knows, in memory, in the order they were added. A Map keyed by
 * code finds a duplicate at once and keeps insertion order for `list`.
 */
export class ProductList {
  private readonly byCode = new Map<number, Product>();

  /** Adds a product; false when one with the same code is already there. */
  add(product: Product): boolean {
    if (this.byCode.has(product.code)) return false;
    this.byCode.set(product.code, product);
    return true;
  }

  /** Every product, in the order added. */
  list(): Product[] {
    return [...this.byCode.values()];
  }
}
