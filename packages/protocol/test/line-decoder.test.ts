import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IncompleteMessageError, LineDecoder, MessageTooLargeError } from "../src/index.ts";
import { chunkSizes, splitIntoChunks } from "./chunking.ts";

const MAX = 4096;

function decodeAll(decoder: LineDecoder, chunks: Buffer[]): string[] {
  const lines = chunks.flatMap((chunk) => [...decoder.push(chunk)]);
  decoder.end();
  return lines.map((line) => line.toString("utf8"));
}

// A line's text: any characters but "\n", and not ending in "\r" (which the decoder drops).
const lineText = fc
  .string({ unit: "binary", maxLength: 300 })
  .map((text) => text.replaceAll("\n", " ").replace(/\r+$/, ""));

describe("LineDecoder", () => {
  it("yields exactly the lines sent, for any split of the stream into chunks of 1..4096 bytes", () => {
    fc.assert(
      fc.property(fc.array(lineText, { maxLength: 50 }), fc.boolean(), chunkSizes, (lines, crlf, sizes) => {
        const ending = crlf ? "\r\n" : "\n";
        const stream = Buffer.from(lines.map((line) => line + ending).join(""));
        expect(decodeAll(new LineDecoder({ maxLineBytes: MAX }), splitIntoChunks(stream, sizes))).toEqual(lines);
      }),
    );
  });

  it("keeps a multi-byte UTF-8 character that is split across chunks intact", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    const bytes = Buffer.from("olá, 世界 🌍\n");
    const lines = decodeAll(
      decoder,
      [...bytes].map((byte) => Buffer.from([byte])),
    );
    expect(lines).toEqual(["olá, 世界 🌍"]);
  });

  it("returns several lines from one chunk and keeps the unfinished one for later", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    expect([...decoder.push(Buffer.from("one\ntwo\nthr"))].map(String)).toEqual(["one", "two"]);
    expect(decoder.bufferedBytes).toBe(3);
    expect([...decoder.push(Buffer.from("ee\n"))].map(String)).toEqual(["three"]);
  });

  it("drops only one trailing carriage return, and keeps a carriage return inside a line", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    expect([...decoder.push(Buffer.from("a\rb\r\r\n"))].map(String)).toEqual(["a\rb\r"]);
  });

  it("yields an empty line for a blank line", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    expect([...decoder.push(Buffer.from("\n\r\nx\n"))].map(String)).toEqual(["", "", "x"]);
  });

  it("accepts a line of exactly the maximum length", () => {
    const decoder = new LineDecoder({ maxLineBytes: 10 });
    expect([...decoder.push(Buffer.from(`${"x".repeat(10)}\n`))].map(String)).toEqual(["x".repeat(10)]);
  });

  it("refuses a line one byte over the maximum", () => {
    const decoder = new LineDecoder({ maxLineBytes: 10 });
    expect(() => [...decoder.push(Buffer.from(`${"x".repeat(11)}\n`))]).toThrow(MessageTooLargeError);
  });

  it("refuses an over-long line before its end arrives, instead of buffering it", () => {
    fc.assert(
      fc.property(chunkSizes, (sizes) => {
        const decoder = new LineDecoder({ maxLineBytes: 100 });
        const chunks = splitIntoChunks(Buffer.alloc(5000, "x"), sizes);
        let fedBytes = 0;
        const feedAll = () => {
          for (const chunk of chunks) {
            fedBytes += chunk.length;
            [...decoder.push(chunk)];
          }
        };
        expect(feedAll).toThrow(MessageTooLargeError);
        // It stopped at the first chunk that crossed the limit, never holding more than that.
        expect(fedBytes).toBeLessThanOrEqual(100 + 4096);
      }),
    );
  });

  it("yields the lines before an over-long one in the same chunk, then refuses it", () => {
    const decoder = new LineDecoder({ maxLineBytes: 10 });
    const lines: string[] = [];
    expect(() => {
      for (const line of decoder.push(Buffer.from(`one\ntwo\n${"x".repeat(11)}\n`))) lines.push(String(line));
    }).toThrow(MessageTooLargeError);
    expect(lines).toEqual(["one", "two"]);
  });

  it("reports an unfinished line at the end of the stream", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    [...decoder.push(Buffer.from("complete\nhalf a li"))];
    expect(() => decoder.end()).toThrow(IncompleteMessageError);
    expect(() => decoder.end()).toThrow(/middle of a line \(9 bytes/);
  });

  it("ends cleanly when the stream stops right after a newline", () => {
    const decoder = new LineDecoder({ maxLineBytes: MAX });
    [...decoder.push(Buffer.from("done\n"))];
    expect(() => decoder.end()).not.toThrow();
  });
});
