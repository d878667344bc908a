import { GrowingBuffer } from "./growing-buffer.ts";
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
  // The part of the header or payload received so far, copied out of the chunks it arrived
  // in (see GrowingBuffer: kept as chunks, a frame sent one byte per packet would cost
  // hundreds of bytes per byte).
  private readonly pending = new GrowingBuffer();
  // The payload length of the frame being read, once its header has arrived.
  private announcedBytes: number | undefined;

  constructor(options: { maxPayloadBytes: number }) {
    this.maxPayloadBytes = options.maxPayloadBytes;
  }

  /** Feeds one chunk; yields the payloads of the frames it completes, in order. */
  *push(chunk: Buffer): Generator<Buffer, void, undefined> {
    let offset = 0;
    for (;;) {
      if (this.announcedBytes === undefined) {
        offset = this.fill(chunk, offset, FRAME_HEADER_BYTES);
        if (this.pending.length < FRAME_HEADER_BYTES) return;
        const announced = this.pending.take().readUInt32BE(0);
        if (announced > this.maxPayloadBytes) {
          throw new MessageTooLargeError(this.maxPayloadBytes, `a frame announcing ${announced} bytes`);
        }
        this.announcedBytes = announced;
      }
      offset = this.fill(chunk, offset, this.announcedBytes);
      if (this.pending.length < this.announcedBytes) return;
      this.announcedBytes = undefined;
      // A copy, even of a frame that came whole in one chunk: it does not keep the chunk alive.
      yield this.pending.take();
    }
  }

  /** Call when the stream has ended: a partial frame means the peer left mid-message. */
  end(): void {
    const pending = this.pending.length + (this.announcedBytes === undefined ? 0 : FRAME_HEADER_BYTES);
    if (pending > 0) throw new IncompleteMessageError(pending, "a frame");
  }

  /**
   * Copies bytes of `chunk` from `offset` on until `pending` holds `wanted` bytes (or the
   * chunk runs out); returns the offset of the first byte not taken.
   */
  private fill(chunk: Buffer, offset: number, wanted: number): number {
    const piece = chunk.subarray(offset, offset + wanted - this.pending.length);
    this.pending.append(piece);
    return offset + piece.length;
  }
}
