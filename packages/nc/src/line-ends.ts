// What nc does to the bytes of its input on the way out: nothing, except -C (line ends as
// "\r\n") and, for UDP, cutting the input into lines, one datagram each.

const LF = 0x0a;
const CR = 0x0d;
const CR_BYTE = Buffer.of(CR);

/**
 * -C: every line end goes out as "\r\n", as HTTP and telnet want it, whether the input ends
 * its lines with "\n" (Linux, macOS) or "\r\n" already (Windows). A "\r" and its "\n" may come
 * in two chunks, so the last byte of each chunk is remembered.
 */
export class CrlfLineEnds {
  private lastByte: number | undefined;

  convert(chunk: Buffer): Buffer {
    const pieces: Buffer[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, newline + 1)) {
      const before = newline === 0 ? this.lastByte : chunk[newline - 1];
      if (before === CR) continue;
      pieces.push(chunk.subarray(start, newline), CR_BYTE);
      start = newline; // the "\n" itself starts the next piece
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1];
    if (pieces.length === 0) return chunk;
    pieces.push(chunk.subarray(start));
    return Buffer.concat(pieces);
  }
}

/**
 * UDP keeps message boundaries, so nc -u needs some: each line of input (with its "\n") is one
 * datagram. Input arrives in chunks of any size, so a line may come in pieces, and several
 * lines in one chunk; the pieces of an unfinished line wait here for the rest.
 */
export class InputLines {
  private pieces: Buffer[] = [];
  private waiting = 0;

  /** @param maxBytes the most one datagram carries: a longer line is refused, not buffered. */
  constructor(private readonly maxBytes: number) {}

  /** The lines this chunk completes. */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(LF); newline !== -1; newline = chunk.indexOf(LF, start)) {
      lines.push(this.take(chunk.subarray(start, newline + 1)));
      start = newline + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return lines;
  }

  /** The input has ended: its last line, if it had no "\n". */
  end(): Buffer[] {
    return this.waiting === 0 ? [] : [this.take(Buffer.alloc(0))];
  }

  private keep(piece: Buffer): void {
    this.waiting += piece.length;
    if (this.waiting > this.maxBytes) {
      throw new Error(`a line of input is longer than one datagram can carry (${this.maxBytes} bytes)`);
    }
    this.pieces.push(piece);
  }

  private take(lastPiece: Buffer): Buffer {
    this.keep(lastPiece);
    const line = Buffer.concat(this.pieces);
    this.pieces = [];
    this.waiting = 0;
    return line;
  }
}
