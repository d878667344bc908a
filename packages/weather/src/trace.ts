// --trace: every chunk or datagram the proxy forwards, on stderr, so a student sees how the
// weather cut, merged, dropped or doubled their bytes.
import { hexDump, TRACE_MAX_BYTES } from "@socket-lessons/cli";
import type { Direction } from "./direction.ts";

/** Where the weather reports: the bin passes stderr, a checker its own recorder. */
export interface WeatherConsole {
  error(line: string): void;
}

/**
 * One forwarded chunk:
 *   [weather] connection 1 client→server: 5 bytes
 *     0000  48 65 6c 6c 6f                                    |Hello|
 * `what` names the connection or the client; `note` says what the weather did to it.
 */
export function traceForwarded(
  console: WeatherConsole,
  what: string,
  direction: Direction,
  bytes: Uint8Array,
  note = "",
): void {
  const size = `${bytes.length} ${bytes.length === 1 ? "byte" : "bytes"}`;
  console.error(`[weather] ${what} ${direction}: ${size}${note === "" ? "" : ` (${note})`}`);
  for (const row of hexDump(bytes, { maxBytes: TRACE_MAX_BYTES })) console.error(row);
}

/** Something that happened to a connection or a client (closed, reset, lost a datagram). */
export function traceEvent(console: WeatherConsole, what: string, event: string): void {
  console.error(`[weather] ${what}: ${event}`);
}
