import { describe, expect, it } from "vitest";
import { Random } from "../src/random.ts";

const draws = (random: Random, count = 10) => Array.from({ length: count }, () => random.next());

describe("Random", () => {
  it("the same seed gives the same numbers", () => {
    expect(draws(new Random(99))).toEqual(draws(new Random(99)));
    expect(draws(new Random(99))).not.toEqual(draws(new Random(100)));
  });

  it("numbers lie in [0, 1) and integers within their bounds", () => {
    const random = new Random(5);
    for (const value of draws(random, 1000)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    const dice = Array.from({ length: 1000 }, () => random.integer(1, 6));
    expect(new Set(dice)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it("a fork depends on the seed and its label, not on the numbers drawn before", () => {
    const untouched = new Random(7);
    const used = new Random(7);
    draws(used, 50);
    expect(draws(used.fork(3))).toEqual(draws(untouched.fork(3)));
    expect(draws(untouched.fork(3))).not.toEqual(draws(untouched.fork(4)));
    expect(draws(untouched.fork(3))).not.toEqual(draws(new Random(7)));
  });

  it("chance(p) comes true about p of the time", () => {
    const random = new Random(11);
    const hits = Array.from({ length: 10_000 }, () => random.chance(0.3)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2700);
    expect(hits).toBeLessThan(3300);
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
  });
});
