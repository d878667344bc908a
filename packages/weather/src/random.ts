// Seeded randomness for the weather and for `pnpm learn`'s checks: the same seed gives the
// same decisions, so a run that found a bug can be replayed exactly with `--seed N`.
// Math.random cannot be seeded.

/** The largest seed: a seed is a 32-bit number (ten digits at most, easy to type). */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * Mixes the bits of a 32-bit number so that nearby inputs (seed 1, seed 2) give unrelated
 * outputs: the finalizer of MurmurHash3 (fmix32). It is a bijection on 32-bit integers.
 */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A stream of pseudo-random numbers: mulberry32 (Tommy Ettinger's 32-bit generator), small,
 * fast and good enough to decide where to cut bytes and which datagram to drop. It is not for
 * secrets. `fork(label)` derives an independent stream from this one's seed and the label,
 * not from the numbers drawn so far: the decisions for connection 3 stay the same however
 * the events of connections 1 and 2 interleave with it in time.
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream of its own for one connection, direction or kind of decision. */
  fork(label: number): Random {
    return new Random(mix32(this.seed ^ mix32(label + 0x9e3779b9)));
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer from `min` to `max`, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `probability` (0 never, 1 always). */
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** A seed for when none is given; it is printed, so the run can still be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1));
}
