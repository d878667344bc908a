import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type ClientRequest,
  colorList,
  numberOrText,
  PRODUCT_COMMANDS,
  type ProductCommand,
  productTable,
  replyLines,
  splitWords,
  typedCommands,
} from "../src/products/index.ts";

function terminal(input: string, interactive = false) {
  const stream = (chunks: string[]) => {
    const sink = new PassThrough();
    sink.on("data", (chunk) => chunks.push(String(chunk)));
    return sink;
  };
  const written: string[] = [];
  const errors: string[] = [];
  const source = new PassThrough();
  source.end(input);
  return { terminal: { input: source, output: stream(written), errors: stream(errors), interactive }, written, errors };
}

/** Every request the commands give until `quit` (inclusive). */
async function requestsOf(input: string, commands: readonly ProductCommand[] = PRODUCT_COMMANDS, interactive = false) {
  const { terminal: io, errors, written } = terminal(input, interactive);
  const source = typedCommands(commands, io);
  const requests: ClientRequest[] = [];
  for (let request = await source.next(); ; request = await source.next()) {
    requests.push(request);
    if (request.op === "quit") break;
  }
  source.close();
  return { requests, errors: errors.join(""), written: written.join(""), mistakes: source.mistakes() };
}

/** A command a lesson adds, as the exercise adds `get`: one entry. */
const get: ProductCommand = {
  name: "get",
  label: "get a product by code",
  fields: [{ usage: "CODE", question: "code" }],
  request: ([code = ""]) => ({ op: "get", code: numberOrText(code) }),
};

describe("splitWords", () => {
  it("splits on spaces and keeps a quoted name whole", () => {
    expect(splitWords('add 1 "Blue pen" 2.5 blue,black')).toEqual(["add", "1", "Blue pen", "2.5", "blue,black"]);
  });

  it('reads \\" and \\\\ inside quotes, and an empty quoted word', () => {
    expect(splitWords('add 2 "Say \\"hi\\" \\\\ bye" 1')).toEqual(["add", "2", 'Say "hi" \\ bye', "1"]);
    expect(splitWords('add 3 "" 1')).toEqual(["add", "3", "", "1"]);
  });

  it("reports an unclosed quote", () => {
    expect(splitWords('add 1 "Blue pen 2.5')).toBeUndefined();
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

describe("typedCommands from a pipe", () => {
  it("turns each line into a request, sending what was typed for the server to judge", async () => {
    const { requests } = await requestsOf('add 1 "Blue pen" 2.5 "blue, black"\nadd one Pen cheap\nlist\nquit\n');
    expect(requests).toEqual([
      { op: "add", product: { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] } },
      { op: "add", product: { code: "one", name: "Pen", price: "cheap", colors: [] } },
      { op: "list" },
      { op: "quit" },
    ]);
  });

  it("ends with quit when the input ends, so the session ends politely", async () => {
    expect((await requestsOf("list\n")).requests).toEqual([{ op: "list" }, { op: "quit" }]);
  });

  it("skips blank lines and # comments", async () => {
    expect((await requestsOf("\n   \n# a comment\nlist\n")).requests).toEqual([{ op: "list" }, { op: "quit" }]);
  });

  it("counts a mistake and says how to type the command", async () => {
    const { requests, errors, mistakes } = await requestsOf("add 1 Pen\nlist all\n");
    expect(requests).toEqual([{ op: "quit" }]);
    expect(errors).toBe("error: usage: add CODE NAME PRICE [COLOR,COLOR...]\nerror: usage: list\n");
    expect(mistakes).toBe(2);
  });

  it("names an unknown command and the ones it knows", async () => {
    expect((await requestsOf("get 1\n")).errors).toBe('error: unknown command "get": try add, list, quit\n');
  });

  it("says to write a decimal comma as a dot", async () => {
    expect((await requestsOf("add 1 Pen 1,5\n")).errors).toBe(
      "error: price: write decimals with a dot: 1.5, not 1,5\n",
    );
  });

  it("takes more commands when a lesson gives them", async () => {
    expect((await requestsOf("get 7\n", [...PRODUCT_COMMANDS, get])).requests).toEqual([
      { op: "get", code: 7 },
      { op: "quit" },
    ]);
  });
});

describe("typedCommands at a terminal (the menu)", () => {
  it("asks for each field of add", async () => {
    const { requests, written } = await requestsOf("1\n7\nBlue pen\n2.5\nblue\n3\n", PRODUCT_COMMANDS, true);
    expect(requests).toEqual([
      { op: "add", product: { code: 7, name: "Blue pen", price: 2.5, colors: ["blue"] } },
      { op: "quit" },
    ]);
    expect(written).toContain("1) add a product  2) list the products  3) quit");
    expect(written).toContain("price (decimals with a dot: 2.5): ");
  });

  it("says so when a choice is not on the menu, instead of silently showing it again", async () => {
    const { errors } = await requestsOf("9\nquit\n", PRODUCT_COMMANDS, true);
    expect(errors).toBe('"9" is not a choice: type a number from 1 to 3\n');
  });
});

describe("replies, as each command prints them", () => {
  const product = { code: 1, name: "Blue pen", price: 2.5, colors: ["blue", "black"] };
  const commands = () => typedCommands(PRODUCT_COMMANDS, terminal("").terminal);

  it("shows an added product in one line and a list as a table", () => {
    expect(commands().describe({ op: "add" }, { ok: true, product })).toEqual(["added product 1: Blue pen"]);
    expect(commands().describe({ op: "list" }, { ok: true, products: [product] })).toEqual([
      "code  name      price  colors",
      "   1  Blue pen    2.5  blue, black",
    ]);
    expect(replyLines({ ok: true })).toEqual(["bye"]);
  });

  it("shows an error reply with its code, whatever the command", () => {
    const reply = { ok: false as const, error: { code: "DUPLICATE_CODE" as const, message: "code 1 exists" } };
    expect(commands().describe({ op: "add" }, reply)).toEqual(["error DUPLICATE_CODE: code 1 exists"]);
  });

  it("prints a lesson's own command's success as its one entry says", () => {
    const remove: ProductCommand = {
      name: "remove",
      label: "remove a product by code",
      fields: [{ usage: "CODE", question: "code" }],
      request: ([code = ""]) => ({ op: "remove", code: numberOrText(code) }),
      describeReply: (reply) => ("product" in reply ? [`removed product ${reply.product.code}`] : []),
    };
    const source = typedCommands([...PRODUCT_COMMANDS, remove], terminal("").terminal);
    expect(source.describe({ op: "remove" }, { ok: true, product })).toEqual(["removed product 1"]);
    expect(source.describe({ op: "get" }, { ok: true, product })).toEqual(productTable([product]));
  });
});

describe("the commands as a value", () => {
  it("still count their mistakes when spread into a new object (no getter copied once)", async () => {
    const { terminal: io } = terminal("add 1 Pen\nlist all\n");
    const commands = typedCommands(PRODUCT_COMMANDS, io);
    const mine = { ...commands, describe: () => ["mine"] };
    while ((await mine.next()).op !== "quit") {}
    expect(mine.mistakes()).toBe(2);
    expect(commands.mistakes()).toBe(2);
  });

  it("keep quit the menu's last choice when a lesson adds a command after it", async () => {
    const { written } = await requestsOf("4\n", [...PRODUCT_COMMANDS, get], true);
    expect(written).toContain("1) add a product  2) list the products  3) get a product by code  4) quit");
  });
});
