import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProductCodeSchema, parseReply, parseRequest, REQUESTS } from "../src/index.ts";

/** A table with one more request, as a lesson that extends the protocol would pass. */
const WITH_GET = { ...REQUESTS, get: z.strictObject({ op: z.literal("get"), code: ProductCodeSchema }) };

function parse(text: string | Buffer) {
  return parseRequest(typeof text === "string" ? Buffer.from(text) : text, WITH_GET);
}

function addRequest(product: Record<string, unknown>): string {
  return JSON.stringify({ op: "add", product });
}

const pen = { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] };

/** The error a request gets, as `CODE: message`, or "ok". */
function outcome(text: string | Buffer, schemas: typeof REQUESTS = WITH_GET): string {
  const parsed = parseRequest(typeof text === "string" ? Buffer.from(text) : text, schemas);
  if (parsed === undefined) return "blank";
  return parsed.ok ? "ok" : `${parsed.reply.error.code}: ${parsed.reply.error.message}`;
}

describe("parseRequest: the requests", () => {
  it("reads add, filling in colors when they are left out", () => {
    expect(parse(addRequest({ code: 7, name: "Pen", price: 1 }))).toEqual({
      ok: true,
      request: { op: "add", product: { code: 7, name: "Pen", price: 1, colors: [] } },
    });
  });

  it("reads list and quit", () => {
    expect(parse('{"op":"list"}')).toEqual({ ok: true, request: { op: "list" } });
    expect(parse('{"op":"quit"}')).toEqual({ ok: true, request: { op: "quit" } });
  });

  it("reads a request of an extended table (a lesson's own get)", () => {
    expect(parse('{"op":"get","code":5}')).toEqual({ ok: true, request: { op: "get", code: 5 } });
  });

  it("answers UNKNOWN_OP for an op the table does not have, naming the ones it has", () => {
    expect(outcome('{"op":"get","code":1}', REQUESTS)).toBe(
      'UNKNOWN_OP: unknown op "get": this server knows add, list, quit',
    );
    expect(outcome('{"op":"delete"}')).toMatch(/^UNKNOWN_OP: unknown op "delete"/);
  });

  it("quotes an unknown op shortened and escaped: it cannot flood the reply or fake a line", () => {
    const long = outcome(JSON.stringify({ op: "x".repeat(100_000) }));
    expect(long).toBe(`UNKNOWN_OP: unknown op "${"x".repeat(40)}…": this server knows add, list, quit, get`);
    const sneaky = outcome(JSON.stringify({ op: "a\nlistening on 1.2.3.4:5 \u202e\u001b[2J" }));
    expect(sneaky).toBe(
      'UNKNOWN_OP: unknown op "a\\nlistening on 1.2.3.4:5 \\u202e\\u001b[2J": this server knows add, list, quit, get',
    );
  });

  it("does not take an op from the object prototype (toString, __proto__) for a request", () => {
    expect(outcome('{"op":"toString"}')).toMatch(/^UNKNOWN_OP: /);
    expect(outcome('{"op":"constructor"}')).toMatch(/^UNKNOWN_OP: /);
  });

  it("finds no request at all in a blank line", () => {
    expect(outcome("")).toBe("blank");
    expect(outcome(" \t ")).toBe("blank");
  });
});

describe("parseRequest: BAD_JSON", () => {
  it.each([
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0x7d]), "BAD_JSON: the request is not valid UTF-8"],
    ["text that is not JSON", "{op: list}", "BAD_JSON: the request is not valid JSON"],
    ["a JSON array", "[1,2]", "BAD_JSON: the request must be a JSON object"],
    ["a JSON string", '"list"', "BAD_JSON: the request must be a JSON object"],
    ["null", "null", "BAD_JSON: the request must be a JSON object"],
  ])("for %s", (_what, text, expected) => {
    expect(outcome(text)).toBe(expected);
  });
});

describe("parseRequest: BAD_REQUEST names the field", () => {
  it.each([
    ["a missing op", "{}", "op: missing"],
    ["an op that is not a string", '{"op":1}', "op: must be a string"],
    ["an unknown top-level field", '{"op":"list","verbose":true}', "verbose: unknown field"],
    ["a __proto__ key at the top", '{"op":"list","__proto__":{"admin":true}}', "__proto__: unknown field"],
    ["a missing product", '{"op":"add"}', "product: missing"],
    ["a product that is not an object", '{"op":"add","product":[]}', "product: must be an object"],
    ["a get without a code", '{"op":"get"}', "code: missing"],
  ])("for %s", (_what, text, message) => {
    expect(outcome(text)).toBe(`BAD_REQUEST: ${message}`);
  });
});

describe("parseRequest: every Product rule at its boundaries", () => {
  const CODE_RULE = "product.code: must be an integer from 1 to 2147483647";
  it.each([
    [{ code: 0 }, CODE_RULE],
    [{ code: 1 }, "ok"],
    [{ code: 2147483647 }, "ok"],
    [{ code: 2147483648 }, CODE_RULE],
    [{ code: 1.5 }, CODE_RULE],
    [{ code: -1 }, CODE_RULE],
    [{ code: "1" }, CODE_RULE],
    [{ code: undefined }, "product.code: missing"],
    [{ name: "" }, "product.name: must not be blank"],
    [{ name: "   " }, "product.name: must not be blank"],
    [{ name: "x".repeat(200) }, "ok"],
    [{ name: "x".repeat(201) }, "product.name: must be at most 200 characters"],
    [{ name: "🌍".repeat(200) }, "ok"],
    [{ name: 5 }, "product.name: must be a string"],
    [{ price: -0.01 }, "product.price: must be a finite number of at least 0"],
    [{ price: 0 }, "ok"],
    [{ price: "2.5" }, "product.price: must be a number"],
    [{ price: "1,5" }, 'product.price: must be a number, written with a dot: 1.5, not "1,5"'],
    [{ colors: Array.from({ length: 16 }, (_, i) => `c${i}`) }, "ok"],
    [{ colors: Array.from({ length: 17 }, (_, i) => `c${i}`) }, "product.colors: must have at most 16 colors"],
    [{ colors: [""] }, "product.colors (1st item): must be 1 to 50 characters"],
    [{ colors: ["x".repeat(50)] }, "ok"],
    [{ colors: ["ok", "x".repeat(51)] }, "product.colors (2nd item): must be 1 to 50 characters"],
    [{ colors: "blue" }, "product.colors: must be an array of strings"],
    [{ stock: 3 }, "product.stock: unknown field"],
  ])("%j → %s", (change, expected) => {
    const result = outcome(addRequest({ ...pen, ...change }));
    expect(result === "ok" ? "ok" : result.replace(/^BAD_REQUEST: /, "")).toBe(expected);
  });

  it("names every wrong field of a product at once", () => {
    expect(outcome(addRequest({ code: 0, name: "", price: -1, stock: 3 }))).toBe(
      "BAD_REQUEST: product.code: must be an integer from 1 to 2147483647; product.name: must not be blank; " +
        "product.price: must be a finite number of at least 0; product.stock: unknown field",
    );
  });

  it("refuses a name or a color that is not well-formed Unicode (a lone surrogate), which no database could store as sent", () => {
    const name = '{"op":"add","product":{"code":1,"name":"\\ud800x","price":1}}';
    expect(outcome(name)).toBe(
      "BAD_REQUEST: product.name: must be well-formed Unicode: it holds a lone surrogate (half of a character)",
    );
    const color = '{"op":"add","product":{"code":1,"name":"n","price":1,"colors":["red\\udfff"]}}';
    expect(outcome(color)).toMatch(/^BAD_REQUEST: product\.colors \(1st item\): must be well-formed Unicode/);
    // A whole pair is a character like any other.
    expect(outcome('{"op":"add","product":{"code":1,"name":"\\ud83c\\udf0d","price":1}}')).toBe("ok");
  });

  it("lists at most a few problems, then how many more: a thousand unknown fields make one short message", () => {
    const product = { ...pen, ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`extra${i}`, i])) };
    expect(outcome(addRequest({ ...product, code: 0 }))).toBe(
      "BAD_REQUEST: product.code: must be an integer from 1 to 2147483647; product.extra0: unknown field; " +
        "product.extra1: unknown field; product.extra2: unknown field; product.extra3: unknown field; … and 996 more",
    );
  });

  it("quotes an unknown field's name shortened and escaped", () => {
    const text = addRequest({ ...pen, [`${"k".repeat(100)}`]: 1, "a\nb\u0000": 2 });
    expect(outcome(text)).toBe(
      `BAD_REQUEST: product.${"k".repeat(40)}…: unknown field; product.a\\nb\\x00: unknown field`,
    );
  });

  it("refuses a price of 1e999, which JSON.parse turns into Infinity", () => {
    expect(outcome('{"op":"add","product":{"code":1,"name":"n","price":1e999}}')).toBe(
      "BAD_REQUEST: product.price: must be a finite number of at least 0",
    );
  });

  it("refuses a __proto__ key inside a product, and never lets it reach an object's prototype", () => {
    const text = '{"op":"add","product":{"code":1,"name":"n","price":1,"__proto__":{"polluted":true}}}';
    expect(outcome(text)).toBe("BAD_REQUEST: product.__proto__: unknown field");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseReply", () => {
  it("accepts each kind of reply", () => {
    expect(parseReply(Buffer.from('{"ok":true}'))).toEqual({ ok: true });
    expect(parseReply(Buffer.from(`{"ok":true,"products":[${JSON.stringify(pen)}]}`))).toEqual({
      ok: true,
      products: [pen],
    });
  });

  it("accepts an error code it does not know (a server may have more than v4's)", () => {
    const reply = '{"ok":false,"error":{"code":"NOT_FOUND","message":"no product has code 9"}}';
    expect(parseReply(Buffer.from(reply))).toEqual({
      ok: false,
      error: { code: "NOT_FOUND", message: "no product has code 9" },
    });
  });

  it("refuses what is not a reply", () => {
    expect(() => parseReply(Buffer.from("nope"))).toThrow("the server's reply is not valid JSON");
    expect(() => parseReply(Buffer.from('{"ok":"yes"}'))).toThrow(/not a valid reply/);
  });
});
