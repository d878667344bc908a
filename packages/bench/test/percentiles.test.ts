import { describe, expect, it } from "vitest";
import { percentile, Samples, summarize } from "../src/percentiles.ts";

describe("percentile (nearest rank)", () => {
  const oneToHundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it("is the smallest value with at least p% of all values at or below it", () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 90)).toBe(90);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0.5)).toBe(1);
  });

  it("is always one of the measured values, never an interpolation", () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
    expect(percentile([7], 99)).toBe(7);
  });

  it("is NaN for no values, and refuses a percentile outside (0, 100]", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe("summarize", () => {
  it("sorts a copy and reports count, percentiles, max and mean", () => {
    const latencies = Float64Array.from([5, 1, 4, 2, 3]);
    expect(summarize(latencies)).toEqual({ count: 5, p50: 3, p90: 5, p99: 5, max: 5, mean: 3 });
    expect([...latencies]).toEqual([5, 1, 4, 2, 3]);
  });
});

describe("Samples", () => {
  it("grows past its first capacity and keeps every value in order", () => {
    const samples = new Samples();
    for (let i = 0; i < 5000; i++) samples.push(i);
    expect(samples.length).toBe(5000);
    expect(samples.toArray()[4999]).toBe(4999);
  });
});
