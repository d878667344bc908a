import { IncompleteMessageError, MessageTooLargeError } from "./stream-errors.ts";

/** The longest line the text-line lessons (v2) accept: far more than a chat line needs. */
export const MAX_TEXT_LINE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines ended by "\n".
 *
 * TCP is a stream of bytes, not of messages: one `data` event may hold half a line, or ten
 * lines, or the end of one and the start of the next. So we keep the bytes that have no "\n"
 * yet and return only complete lines. A trailing "\r" is dropped, so telnet and Windows
 * clients (which send "\r\n") work too.
 *
 * A line longer than `maxLineBytes` (every byte before the "\n") is refused as soon as we know it is too long, without
 * waiting for its end: otherwise a peer that never sends "\n" could make us buffer forever.
 */
export class LineDecoder {
  readonly maxLineBytes: number;
  // The start of the current line, in the chunks it arrived in (joined once, when it ends).
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(options: { maxLineBytes: number }) {
    this.maxLineBytes = options.maxLineBytes;
  }

  /** Feeds one chunk; returns the lines it completes (without "\n" or a trailing "\r"). */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, end);
      this.refuseIfTooLong(this.pendingBytes + piece.length);
      const line = this.pendingBytes === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      lines.push(dropTrailingCarriageReturn(line));
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.refuseIfTooLong(this.pendingBytes + rest.length);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return lines;
  }

  /** Call when the stream has ended: a line without its "\n" means the peer left mid-line. */
  end(): void {
    if (this.pendingBytes > 0) throw new IncompleteMessageError(this.pendingBytes, "a line");
  }

  /** Bytes received that are not yet part of a complete line. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private refuseIfTooLong(lineBytes: number): void {
    if (lineBytes > this.maxLineBytes) throw new MessageTooLargeError(this.maxLineBytes, "a line");
  }
}

function dropTrailingCarriageReturn(line: Buffer): Buffer {
  return line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
}
