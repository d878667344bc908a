import type { Socket } from "node:net";
import type { LessonIO } from "./io.ts";

const BYTES_PER_ROW = 16;
/** Longer chunks are cut in the dump (a megabyte list would bury everything else). */
export const TRACE_MAX_BYTES = 512;

export type Direction = "read" | "write";

/**
 * A hex + printable dump of some bytes, like `xxd` or `hexdump -C`:
 *   0000  48 65 6c 6c 6f 0a                                 |Hello.|
 */
export function hexDump(bytes: Uint8Array, maxBytes = TRACE_MAX_BYTES): string[] {
  const shown = bytes.subarray(0, maxBytes);
  const rows: string[] = [];
  for (let offset = 0; offset < shown.length; offset += BYTES_PER_ROW) {
    const row = shown.subarray(offset, offset + BYTES_PER_ROW);
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, "0"));
    const left = hex.slice(0, 8).join(" ");
    const right = hex.slice(8).join(" ");
    const text = [...row].map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".")).join("");
    rows.push(`  ${offset.toString(16).padStart(4, "0")}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${text}|`);
  }
  if (bytes.length > shown.length) rows.push(`  ... ${bytes.length - shown.length} more bytes not shown`);
  return rows;
}

/** Prints one chunk as --trace shows it: direction, byte count, peer, then the dump. */
export function traceChunk(io: LessonIO, direction: Direction, bytes: Uint8Array, peer: string): void {
  const arrow = direction === "read" ? `read ${bytes.length} bytes from` : `wrote ${bytes.length} bytes to`;
  io.error(`[trace] ${arrow} ${peer}`);
  for (const row of hexDump(bytes)) io.error(row);
}

/**
 * Shows every chunk this socket reads or writes (what `--trace` does). Reads are seen through
 * a `data` listener; writes by wrapping `socket.write`, so the lesson code stays unchanged.
 * The chunks shown are the ones the program handed to, or got from, the socket: TCP may
 * still split or merge them on the wire, which is exactly why lessons need framing.
 */
export function traceSocket(socket: Socket, io: LessonIO): void {
  const peer = () => {
    const host = socket.remoteAddress ?? "?";
    return `${host.includes(":") ? `[${host}]` : host}:${socket.remotePort ?? "?"}`;
  };
  socket.on("data", (chunk: Buffer) => traceChunk(io, "read", chunk, peer()));
  const write = socket.write;
  socket.write = function tracedWrite(this: Socket, chunk: unknown, ...rest: unknown[]): boolean {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
    traceChunk(io, "write", bytes, peer());
    return Reflect.apply(write, this, [chunk, ...rest]) as boolean;
  } as Socket["write"];
}
