import { StringDecoder } from "node:string_decoder";
import type { PrintedLine } from "./failure.ts";

/** The longest line kept whole; the rest of a longer one is counted, not kept. */
const MAX_LINE_CHARACTERS = 2000;
/** How many of the latest lines are kept (older ones are counted). */
const MAX_LINES = 1000;

/** A line with its place among all the lines the program printed (0 for the first). */
export interface NumberedLine extends PrintedLine {
  readonly index: number;
}

/**
 * What a program printed, stdout and stderr in the order it came, in bounded memory: a
 * program that prints 100 MB, or one endless line, costs the checker a few hundred KB.
 */
export class OutputLog {
  private readonly kept: NumberedLine[] = [];
  private count = 0;
  private readonly partial = { stdout: "", stderr: "" };
  private readonly cut = { stdout: 0, stderr: 0 };
  private readonly decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };
  private readonly listeners = new Set<() => void>();

  /** Takes a chunk the program wrote on `stream`. */
  push(stream: "stdout" | "stderr", chunk: Buffer): void {
    const pieces = (this.partial[stream] + this.decoders[stream].write(chunk)).split("\n");
    this.partial[stream] = "";
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1) this.keepPartial(stream, piece);
      else this.add(stream, piece);
    }
    this.notify();
  }

  /** The stream ended: a last line without its "\n" counts as a line. */
  close(stream: "stdout" | "stderr"): void {
    const rest = this.partial[stream] + this.decoders[stream].end();
    if (rest !== "" || this.cut[stream] > 0) this.add(stream, rest);
    this.partial[stream] = "";
    this.notify();
  }

  /** Lines printed so far, from `index` on (those still kept). */
  linesFrom(index: number): readonly NumberedLine[] {
    const first = Math.max(this.count - MAX_LINES, this.count - this.kept.length);
    const kept = this.kept.slice(this.kept.length - (this.count - first));
    return kept.slice(Math.max(0, index - first));
  }

  /** How many lines were printed. */
  get total(): number {
    return this.count;
  }

  /** Called whenever a line comes. */
  onLine(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private keepPartial(stream: "stdout" | "stderr", piece: string): void {
    const room = MAX_LINE_CHARACTERS - this.partial[stream].length;
    this.partial[stream] += piece.slice(0, Math.max(0, room));
    this.cut[stream] += Math.max(0, piece.length - room);
  }

  private add(stream: "stdout" | "stderr", piece: string): void {
    this.keepPartial(stream, piece);
    const cut = this.cut[stream];
    const line = this.partial[stream].replace(/\r$/, "");
    this.partial[stream] = "";
    this.cut[stream] = 0;
    this.kept.push({ stream, text: cut > 0 ? `${line}… (${cut} more characters)` : line, index: this.count++ });
    // Trimmed now and then, not at every line: a flood of lines stays cheap.
    if (this.kept.length > 2 * MAX_LINES) this.kept.splice(0, this.kept.length - MAX_LINES);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
