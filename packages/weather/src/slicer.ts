// --slice N: where the proxy cuts a TCP byte stream into writes of 1 to N bytes.
import type { Random } from "./random.ts";

/**
 * Draws the cut points of one direction of one connection. A cut is placed at a distance of
 * 1..N bytes after the previous one, counted in bytes of the stream, not in reads: how the
 * sender's bytes happened to arrive at the proxy does not move the cuts. The only extra cut
 * is where the proxy runs out of bytes to send (it never waits for more to fill a slice,
 * since the other side may be waiting for exactly those bytes before it sends anything).
 */
export class Slicer {
  /** Bytes left before the next cut (0: draw the next cut first). */
  private untilCut = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly random: Random,
  ) {}

  /** How many of the `available` bytes the next write carries (at least 1 when any are available). */
  nextWrite(available: number): number {
    if (this.untilCut === 0) this.untilCut = this.random.integer(1, this.maxBytes);
    const size = Math.min(this.untilCut, available);
    this.untilCut -= size;
    return size;
  }
}

/** The sizes of the writes a stream of `length` bytes is cut into, all of it available at once. */
export function sliceSizes(length: number, maxBytes: number, random: Random): number[] {
  const slicer = new Slicer(maxBytes, random);
  const sizes: number[] = [];
  for (let left = length; left > 0; left -= sizes.at(-1) ?? 0) sizes.push(slicer.nextWrite(left));
  return sizes;
}
