import { GrowingBuffer } from "./growing-buffer.ts";
import { IncompleteMessageError, MessageTooLargeError } from "./stream-errors.ts";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Cuts the lines ended by "\n" out of a byte stream (v2 teaches this in its own code; from
 * v4 on the lessons use this).
 *
 * TCP is a stream of bytes, not of messages: one chunk may hold half a line, or ten lines, or
 * the end of one and the start of the next. So the bytes with no "\n" yet are kept, and only
 * complete lines come out. A trailing "\r" is dropped, so telnet and Windows clients (which
 * send "\r\n") work too.
 *
 * A line longer than `maxLineBytes` (the bytes before its "\n") is refused as soon as we know
 * it is too long, without waiting for its end: otherwise a peer that never sends "\n" could
 * make us buffer forever.
 */
export class LineDecoder {
  readonly maxLineBytes: number;
  // The start of the current line, copied out of the chunks it arrived in (see GrowingBuffer:
  // kept as chunks, a line sent one byte per packet would cost hundreds of bytes per byte).
  private readonly pending = new GrowingBuffer();

  constructor(options: { maxLineBytes: number }) {
    this.maxLineBytes = options.maxLineBytes;
  }

  /**
   * Feeds one chunk; yields the lines it completes (without "\n" or a trailing "\r"), one at
   * a time and in order. A line over the limit throws MessageTooLargeError where it stands:
   * the lines before it in the same chunk have been yielded first.
   */
  *push(chunk: Buffer): Generator<Buffer, void, undefined> {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      this.refuseIfTooLong(this.pending.length + piece.length);
      // A line that is whole in this chunk is yielded as it is, without a copy.
      let line = piece;
      if (this.pending.length > 0) {
        this.pending.append(piece);
        line = this.pending.take();
      }
      start = end + 1;
      yield line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.refuseIfTooLong(this.pending.length + rest.length);
      this.pending.append(rest);
    }
  }

  /** Call when the stream has ended: a line without its "\n" means the peer left mid-line. */
  end(): void {
    if (this.pending.length > 0) throw new IncompleteMessageError(this.pending.length, "a line");
  }

  /** Bytes received that are not yet part of a complete line. */
  get bufferedBytes(): number {
    return this.pending.length;
  }

  private refuseIfTooLong(lineBytes: number): void {
    if (lineBytes > this.maxLineBytes) throw new MessageTooLargeError(this.maxLineBytes, "a line");
  }
}
