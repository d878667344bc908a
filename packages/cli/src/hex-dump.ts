const BYTES_PER_ROW = 16;

export interface HexDumpOptions {
  /** Offset of the first byte shown, for the row labels (a window into a longer stream). */
  startOffset?: number;
  /** Offset (in the whole stream, like startOffset) of one byte to point at, with `^^` under it. */
  mark?: number;
  /** Longer input is cut, with a line saying how much was left out. */
  maxBytes?: number;
}

const printable = (byte: number) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".");

/**
 * A hex + printable dump of some bytes, like `xxd` or `hexdump -C`:
 *   0000  48 65 6c 6c 6f 0a                                 |Hello.|
 * With `mark`, the row holding that byte is followed by a line that points at it, in the hex
 * columns and in the text column, so a student sees exactly which byte differs.
 */
export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): string[] {
  const { startOffset = 0, mark, maxBytes = Number.POSITIVE_INFINITY } = options;
  const shown = bytes.subarray(0, maxBytes);
  const rows: string[] = [];
  // A mark just past the last byte (where an expected byte never came) still gets its row.
  const markRow = (offset: number) =>
    mark !== undefined && mark - startOffset >= offset && mark - startOffset < offset + BYTES_PER_ROW;
  for (let offset = 0; offset < shown.length || markRow(offset); offset += BYTES_PER_ROW) {
    const row = shown.subarray(offset, offset + BYTES_PER_ROW);
    const hex = [...row].map((byte) => byte.toString(16).padStart(2, "0"));
    const left = hex.slice(0, 8).join(" ");
    const right = hex.slice(8).join(" ");
    const text = [...row].map(printable).join("");
    const label = (startOffset + offset).toString(16).padStart(4, "0");
    rows.push(`  ${label}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${text}|`);
    const column = mark === undefined ? -1 : mark - startOffset - offset;
    if (column >= 0 && column < BYTES_PER_ROW) {
      // Hex column of byte i: 8 characters of margin and label, 3 per byte, one more past the 8th.
      const hexColumn = 8 + column * 3 + (column >= 8 ? 1 : 0);
      const textColumn = 8 + 23 + 2 + 23 + 3 + column;
      rows.push(`${" ".repeat(hexColumn)}^^${" ".repeat(textColumn - hexColumn - 2)}^`);
    }
  }
  if (bytes.length > shown.length) rows.push(`  ... ${bytes.length - shown.length} more bytes not shown`);
  return rows;
}
