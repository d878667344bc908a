import { describe, expect, it } from "vitest";
import { CrlfLineEnds, InputLines } from "../src/index.ts";

const text = (buffers: Buffer[]) => buffers.map(String);

describe("CrlfLineEnds (-C)", () => {
  it("turns each \\n into \\r\\n, and leaves \\r\\n and the other bytes as they are", () => {
    const lineEnds = new CrlfLineEnds();
    expect(String(lineEnds.convert(Buffer.from("a\nb\r\n\nc")))).toBe("a\r\nb\r\n\r\nc");
  });

  it("sees a \\r\\n cut between two chunks, and a \\n at the start of a chunk", () => {
    const lineEnds = new CrlfLineEnds();
    expect(String(lineEnds.convert(Buffer.from("a\r")))).toBe("a\r");
    expect(String(lineEnds.convert(Buffer.from("\nb")))).toBe("\nb");
    expect(String(lineEnds.convert(Buffer.from("\n")))).toBe("\r\n");
  });
});

describe("InputLines (a datagram per line, for -u)", () => {
  it("cuts lines with their \\n, keeps an unfinished one for the next chunk, and gives it at the end", () => {
    const lines = new InputLines(100);
    expect(text(lines.push(Buffer.from("one\ntw")))).toEqual(["one\n"]);
    expect(text(lines.push(Buffer.from("o\nthree\nfo")))).toEqual(["two\n", "three\n"]);
    expect(text(lines.push(Buffer.from("ur")))).toEqual([]);
    expect(text(lines.end())).toEqual(["four"]);
    expect(lines.end()).toEqual([]);
  });

  it("refuses a line longer than one datagram can carry, without keeping it", () => {
    const lines = new InputLines(8);
    expect(text(lines.push(Buffer.from("1234567\n")))).toEqual(["1234567\n"]);
    expect(() => lines.push(Buffer.from("12345678\n"))).toThrow(
      "a line of input is longer than one datagram can carry (8 bytes)",
    );
    const streaming = new InputLines(8);
    streaming.push(Buffer.from("12345678"));
    expect(() => streaming.push(Buffer.from("9"))).toThrow("longer than one datagram");
  });
});
