import { describe, expect, it } from "vitest";
import { FrameDecoder, LineDecoder } from "../src/index.ts";
import { liveBytes } from "./live-bytes.ts";

// Many unfinished messages, each fed one byte per chunk, as a client dribbling one byte per
// packet delivers them: each chunk a Buffer of its own, as a socket's reads are.
const DECODERS = 100;
const BYTES_EACH = 5000;
/** Generous: a copy costs at most about 2 bytes per byte; a kept chunk costs about 200. */
const MOST_BYTES_PER_BYTE = 8;

function bytesPerBytePending(feed: (byte: Buffer, decoder: number) => void): number {
  const before = liveBytes();
  for (let sent = 0; sent < BYTES_EACH; sent++) {
    for (let decoder = 0; decoder < DECODERS; decoder++) feed(Buffer.alloc(1, 0x61), decoder);
  }
  return (liveBytes() - before) / (DECODERS * BYTES_EACH);
}

describe("memory per byte pending", () => {
  it("an unfinished line fed one byte per chunk costs LineDecoder a few bytes per byte, not a chunk per byte", () => {
    const decoders = Array.from({ length: DECODERS }, () => new LineDecoder({ maxLineBytes: 1024 * 1024 }));
    const cost = bytesPerBytePending((byte, i) => [...(decoders[i] as LineDecoder).push(byte)]);
    expect(decoders.every((decoder) => decoder.bufferedBytes === BYTES_EACH)).toBe(true);
    expect(cost).toBeLessThan(MOST_BYTES_PER_BYTE);
  });

  it("an unfinished frame fed one byte per chunk costs FrameDecoder a few bytes per byte, not a chunk per byte", () => {
    const decoders = Array.from({ length: DECODERS }, () => new FrameDecoder({ maxPayloadBytes: 1024 * 1024 }));
    const header = Buffer.alloc(4);
    header.writeUInt32BE(BYTES_EACH + 1); // a frame that never completes
    for (const decoder of decoders) [...decoder.push(header)];
    const cost = bytesPerBytePending((byte, i) => [...(decoders[i] as FrameDecoder).push(byte)]);
    expect(() => decoders[0]?.end()).toThrow(`(${BYTES_EACH + 4} bytes of it had arrived)`);
    expect(cost).toBeLessThan(MOST_BYTES_PER_BYTE);
  });

  it("LineDecoder keeps a copy of an unfinished line, not the chunk it came in", () => {
    const decoder = new LineDecoder({ maxLineBytes: 1024 });
    const chunk = Buffer.from("done\nhalf");
    [...decoder.push(chunk)];
    chunk.fill("X"); // the socket's memory is the socket's: what we kept must not change with it
    expect([...decoder.push(Buffer.from(" a line\n"))].map(String)).toEqual(["half a line"]);
  });
});
