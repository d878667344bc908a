import { describe, expect, it } from "vitest";
import { hexDump } from "../src/index.ts";

describe("hexDump", () => {
  it("shows offset, hex and printable text, 16 bytes a row", () => {
    expect(hexDump(Buffer.from("Hello, world!\n\u0000xyz"))).toEqual([
      "  0000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 78  |Hello, world!..x|",
      "  0010  79 7a                                             |yz|",
    ]);
  });

  it("cuts long input and says how much it left out", () => {
    const rows = hexDump(Buffer.alloc(100), { maxBytes: 32 });
    expect(rows).toHaveLength(3);
    expect(rows[2]).toBe("  ... 68 more bytes not shown");
  });

  it("labels rows from the offset of a window into a longer stream", () => {
    expect(hexDump(Buffer.from("abc"), { startOffset: 0x20 })[0]).toMatch(/^ {2}0020 {2}61 62 63 /);
  });

  it("points at a marked byte in the hex and in the text column", () => {
    const rows = hexDump(Buffer.from("0123456789abcdefXYZ"), { mark: 9 });
    expect(rows[0]).toBe("  0000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|");
    const marker = rows[1] ?? "";
    expect(marker.indexOf("^^")).toBe(rows[0]?.indexOf("39"));
    expect(marker.lastIndexOf("^")).toBe((rows[0]?.indexOf("|") ?? 0) + 1 + 9);
  });

  it("points just past the last byte when the expected byte never came", () => {
    const rows = hexDump(Buffer.from("Hello"), { mark: 5 });
    expect(rows[1]?.indexOf("^^")).toBe(8 + 5 * 3);
  });
});
