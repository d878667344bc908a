import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "../src/random.ts";
import { Slicer, sliceSizes } from "../src/slicer.ts";

/** Where a list of write sizes cuts the stream (the offset after each write). */
function cutsOf(sizes: number[]): number[] {
  let offset = 0;
  return sizes.map((size) => (offset += size));
}

describe("Slicer", () => {
  it("the slices of a stream are decided by the seed alone", () => {
    const sizes = (seed: number) => sliceSizes(10_000, 100, new Random(seed));
    expect(sizes(42)).toEqual(sizes(42));
    expect(sizes(42)).not.toEqual(sizes(43));
    expect(sizes(42).reduce((sum, size) => sum + size, 0)).toBe(10_000);
    for (const size of sizes(42)) expect(size >= 1 && size <= 100).toBe(true);
  });

  it("--slice 1 cuts after every byte", () => {
    expect(sliceSizes(50, 1, new Random(1))).toEqual(new Array(50).fill(1));
  });

  it("the cuts stay where the seed put them however the bytes arrived, with at most an extra cut where they ran out", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 30 }),
        (maxBytes, seed, reads) => {
          // The proxy slices each read as it comes, never waiting for more bytes.
          const slicer = new Slicer(maxBytes, new Random(seed));
          const sizes: number[] = [];
          for (const read of reads) {
            for (let left = read; left > 0; left -= sizes.at(-1) ?? 0) sizes.push(slicer.nextWrite(left));
          }
          const total = reads.reduce((sum, read) => sum + read, 0);
          const cuts = new Set(cutsOf(sizes));
          const drawn = cutsOf(sliceSizes(total, maxBytes, new Random(seed)));
          expect(drawn.filter((cut) => !cuts.has(cut))).toEqual([]);
          expect(sizes.filter((size) => size < 1 || size > maxBytes)).toEqual([]);
        },
      ),
    );
  });
});
