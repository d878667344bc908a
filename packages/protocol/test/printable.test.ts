import { describe, expect, it } from "vitest";
import { printable } from "../src/index.ts";

describe("printable", () => {
  it("leaves ordinary text as it is, accents, emoji and backslashes included", () => {
    expect(printable("José da Silva 🌍 世界 C:\\temp")).toBe("José da Silva 🌍 世界 C:\\temp");
  });

  it("shows a newline or carriage return instead of starting a line: a peer cannot fake a log line", () => {
    expect(printable("Ana\nlistening on 127.0.0.1:1\r")).toBe("Ana\\nlistening on 127.0.0.1:1\\r");
  });

  it("shows ESC, NUL, DEL, tab and the C1 controls as escapes", () => {
    expect(printable("\u001b[2J\u0000\u007f\t\u0085\u009b")).toBe("\\x1b[2J\\x00\\x7f\\t\\x85\\x9b");
  });

  it("shows the bidirectional controls and the line separators, which reorder or break what follows", () => {
    expect(printable("a\u202eb\u2066c\u200fd\u061ce\u2028f\u2029")).toBe(
      "a\\u202eb\\u2066c\\u200fd\\u061ce\\u2028f\\u2029",
    );
  });

  it("shows a lone surrogate as an escape, and keeps a whole pair", () => {
    expect(printable("\ud800x\udfff🌍")).toBe("\\ud800x\\udfff🌍");
  });
});
