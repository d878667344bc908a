import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrame, FrameDecoder, IncompleteMessageError, MessageTooLargeError } from "../src/index.ts";
import { chunkSizes, splitIntoChunks } from "./chunking.ts";

const MIB = 1024 * 1024;

describe("encodeFrame", () => {
  it("puts the payload length first, as 4 bytes big-endian", () => {
    expect([...encodeFrame(Buffer.from("hi"))]).toEqual([0, 0, 0, 2, 0x68, 0x69]);
    expect([...encodeFrame(Buffer.alloc(0))]).toEqual([0, 0, 0, 0]);
    expect([...encodeFrame(Buffer.alloc(258)).subarray(0, 4)]).toEqual([0, 0, 1, 2]);
  });
});

describe("FrameDecoder", () => {
  it("yields exactly the payloads sent, for any split of the stream into chunks of 1..4096 bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 20 }), chunkSizes, (payloads, sizes) => {
        const stream = Buffer.concat(payloads.map((payload) => encodeFrame(payload)));
        const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
        const decoded = splitIntoChunks(stream, sizes).flatMap((chunk) => [...decoder.push(chunk)]);
        decoder.end();
        expect(decoded.map((payload) => [...payload])).toEqual(payloads.map((payload) => [...payload]));
      }),
    );
  });

  it("accepts a payload of exactly the maximum size", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: 1000 });
    expect([...decoder.push(encodeFrame(Buffer.alloc(1000, 7)))]).toHaveLength(1);
  });

  it("refuses a 2^31-byte announcement as soon as the 4-byte header is in, before any payload", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2 ** 31);
    expect([...decoder.push(header.subarray(0, 3))]).toEqual([]);
    expect(() => [...decoder.push(header.subarray(3))]).toThrow(MessageTooLargeError);
    expect(() => [...new FrameDecoder({ maxPayloadBytes: MIB }).push(header)]).toThrow(/announcing 2147483648 bytes/);
  });

  it("refuses a payload one byte over the maximum", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: 1000 });
    expect(() => [...decoder.push(encodeFrame(Buffer.alloc(1001)))]).toThrow(MessageTooLargeError);
  });

  it("reports a stream that ends inside the header", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
    [...decoder.push(Buffer.from([0, 0]))];
    expect(() => decoder.end()).toThrow(IncompleteMessageError);
  });

  it("reports a stream that ends inside the payload", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
    [...decoder.push(encodeFrame(Buffer.alloc(100)).subarray(0, 50))];
    expect(() => decoder.end()).toThrow(/middle of a frame/);
  });

  it("ends cleanly between frames", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
    [...decoder.push(encodeFrame(Buffer.from("whole")))];
    expect(() => decoder.end()).not.toThrow();
  });

  it("returns payloads that do not share memory with the chunks they came in", () => {
    const decoder = new FrameDecoder({ maxPayloadBytes: MIB });
    const chunk = encodeFrame(Buffer.from("abc"));
    const [payload] = [...decoder.push(chunk)];
    chunk.fill(0);
    expect(payload?.toString()).toBe("abc");
  });
});
