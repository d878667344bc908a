import { describe, expect, it } from "vitest";
import { colorList, numberOrText, parseCommand, splitWords } from "../src/index.ts";

describe("splitWords", () => {
  it("splits on spaces and keeps a quoted name whole", () => {
    expect(splitWords('add 1 "Blue pen" 2.5 blue,black')).toEqual(["add", "1", "Blue pen", "2.5", "blue,black"]);
  });

  it('reads \\" and \\\\ inside quotes, and an empty quoted word', () => {
    expect(splitWords('add 2 "Say \\"hi\\" \\\\ bye" 1')).toEqual(["add", "2", 'Say "hi" \\ bye', "1"]);
    expect(splitWords('add 3 "" 1')).toEqual(["add", "3", "", "1"]);
  });

  it("ignores extra spaces and tabs", () => {
    expect(splitWords("  list \t ")).toEqual(["list"]);
    expect(splitWords("")).toEqual([]);
  });

  it("reports an unclosed quote", () => {
    expect(splitWords('add 1 "Blue pen 2.5')).toBeUndefined();
  });
});

describe("parseCommand", () => {
  const ops = ["add", "list", "quit"] as const;

  it("turns add into a request, sending what was typed for the server to judge", () => {
    expect(parseCommand('add 1 "Blue pen" 2.5 blue, black', ops)).toEqual({
      ok: false,
      message: "usage: add CODE NAME PRICE [COLOR,COLOR...]",
    });
    expect(parseCommand('add 1 "Blue pen" 2.5 "blue, black"', ops)).toEqual({
      ok: true,
      request: { op: "add", product: { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] } },
    });
    expect(parseCommand("add one Pen cheap", ops)).toEqual({
      ok: true,
      request: { op: "add", product: { code: "one", name: "Pen", price: "cheap", colors: [] } },
    });
  });

  it("skips blank lines and # comments", () => {
    expect(parseCommand("   ", ops)).toEqual({ ok: "skip" });
    expect(parseCommand("# a comment", ops)).toEqual({ ok: "skip" });
  });

  it("knows only the commands it is given", () => {
    expect(parseCommand("get 1", ops)).toEqual({ ok: false, message: 'unknown command "get": try add, list, quit' });
    expect(parseCommand("get 1", ["get"])).toEqual({ ok: true, request: { op: "get", code: 1 } });
    expect(parseCommand("list all", ops)).toEqual({ ok: false, message: "usage: list" });
  });
});

describe("numberOrText and colorList", () => {
  it("reads numbers as numbers and leaves anything else as text", () => {
    expect([numberOrText("12"), numberOrText("-0.5"), numberOrText("1e3"), numberOrText("12abc")]).toEqual([
      12,
      -0.5,
      1000,
      "12abc",
    ]);
  });

  it("splits colors on commas; nothing typed means none", () => {
    expect(colorList(" blue , black ")).toEqual(["blue", "black"]);
    expect(colorList("")).toEqual([]);
  });
});
