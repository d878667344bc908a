import { IncompleteMessageError, MessageTooLargeError } from "./stream-errors.ts";

/** Bytes in the length prefix that starts every frame. */
export const FRAME_HEADER_BYTES = 4;
/** The largest frame payload v3 accepts: 1 MiB, far more than a person needs. */
export const MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Builds a frame (v3): a 4-byte unsigned big-endian ("network order") payload length, then
 * the payload. The length tells the reader exactly how many bytes belong to this message,
 * so the payload may hold any bytes at all, "\n" included, unlike a line.
 */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Cuts the payloads of length-prefixed frames out of a byte stream (v3 teaches this in its
 * own code; the tasks' checkers use this).
 *
 * One chunk may hold part of a frame (even part of its 4-byte header) or several frames, so
 * bytes are kept until a whole frame is there. The announced length is checked against
 * `maxPayloadBytes` as soon as the header is complete, before a single byte of payload is
 * kept: a peer announcing 4 GiB must not make us allocate it.
 */
export class FrameDecoder {
  readonly maxPayloadBytes: number;
  // Bytes received and not yet returned, in the chunks they arrived in.
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  // The payload length of the frame being read, once its header has arrived.
  private announcedBytes: number | undefined;

  constructor(options: { maxPayloadBytes: number }) {
    this.maxPayloadBytes = options.maxPayloadBytes;
  }

  /** Feeds one chunk; yields the payloads of the frames it completes, in order. */
  *push(chunk: Buffer): Generator<Buffer, void, undefined> {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    for (;;) {
      if (this.announcedBytes === undefined) {
        if (this.bufferedBytes < FRAME_HEADER_BYTES) return;
        const announced = this.take(FRAME_HEADER_BYTES).readUInt32BE(0);
        if (announced > this.maxPayloadBytes) {
          throw new MessageTooLargeError(this.maxPayloadBytes, `a frame announcing ${announced} bytes`);
        }
        this.announcedBytes = announced;
      }
      if (this.bufferedBytes < this.announcedBytes) return;
      const payload = this.take(this.announcedBytes);
      this.announcedBytes = undefined;
      yield payload;
    }
  }

  /** Call when the stream has ended: a partial frame means the peer left mid-message. */
  end(): void {
    const pending = this.bufferedBytes + (this.announcedBytes === undefined ? 0 : FRAME_HEADER_BYTES);
    if (pending > 0) throw new IncompleteMessageError(pending, "a frame");
  }

  /** Removes the first `count` buffered bytes and returns them as one new Buffer. */
  private take(count: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    // Copy what we return, so that it does not keep the whole received chunk alive.
    const taken = Buffer.from(all.subarray(0, count));
    const rest = all.subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
    return taken;
  }
}
