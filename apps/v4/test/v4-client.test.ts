import { once } from "node:events";
import net from "node:net";
import { PassThrough } from "node:stream";
import { PRODUCT_COMMANDS, typedCommands } from "@socket-lessons/cli/products";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function v4Server() {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0 });
  defer(() => server.stop());
  return server;
}

const options = (port: number) => ({ host: "127.0.0.1", port, timeout: 5000 });

/** The commands a person would type (interactive) or a pipe would carry, and what the client prints. */
function typed(input: string, interactive = false) {
  const source = new PassThrough();
  source.end(input);
  const prompts: string[] = [];
  const output = new PassThrough();
  output.on("data", (chunk) => prompts.push(String(chunk)));
  const printed = new RecordingConsole();
  const errors = new PassThrough();
  errors.on("data", (chunk) => printed.err.push(...String(chunk).trimEnd().split("\n")));
  const commands = typedCommands(PRODUCT_COMMANDS, { input: source, output, errors, interactive });
  return { commands, printed, prompts };
}

describe("v4 client from a pipe", () => {
  it("runs one command per line and prints the list as a table", async () => {
    const server = await v4Server();
    const { commands, printed } = typed('add 1 "Blue pen" 2.5 blue,black\nadd 22 Notebook 12.9\nlist\nquit\n');
    expect(await runClient(options(server.port), commands, printed.console)).toBe(0);
    expect(printed.out).toEqual([
      "added product 1: Blue pen",
      "added product 22: Notebook",
      "code  name      price  colors",
      "   1  Blue pen    2.5  blue, black",
      "  22  Notebook   12.9",
      "bye",
    ]);
    expect(printed.err).toEqual([]);
    await server.finished;
  });

  it("prints the server's errors and a typing mistake's usage, goes on, and exits 1", async () => {
    const server = await v4Server();
    const { commands, printed } = typed("add 1 Pen 1\nadd 1 Pen 1\nadd 0 Zero 1\nadd 2 Pen\nfly\nlist\n");
    expect(await runClient(options(server.port), commands, printed.console)).toBe(1);
    expect(printed.err).toEqual([
      "error DUPLICATE_CODE: a product with code 1 already exists",
      "error BAD_REQUEST: product.code: must be an integer from 1 to 2147483647",
      "error: usage: add CODE NAME PRICE [COLOR,COLOR...]",
      'error: unknown command "fly": try add, list, quit',
    ]);
  });

  it("says goodbye with quit when the input ends without one", async () => {
    const server = await v4Server();
    const { commands, printed } = typed("list\n");
    expect(await runClient(options(server.port), commands, printed.console)).toBe(0);
    expect(printed.out).toEqual(["(no products)", "bye"]);
    await server.finished;
  });

  it("receives a list reply of more than 1 MiB whole", async () => {
    // v4 serves one client, so the client under test fills the list itself (1.2 MB of names).
    const server = await v4Server();
    const adds = Array.from({ length: 5000 }, (_, i) => `add ${i + 1} "${"n".repeat(190)}${i}" ${i}.5 red,green`);
    const { commands, printed } = typed(`${adds.join("\n")}\nlist\nquit\n`);
    expect(await runClient(options(server.port), commands, printed.console)).toBe(0);
    const table = printed.out.filter((line) => /^ *\d+ {2}n{190}/.test(line));
    expect(table).toHaveLength(5000);
    expect(table.at(-1)).toMatch(/^5000 {2}n{190}4999 +4999\.5 {2}red, green$/);
  });
});

describe("v4 client at a terminal", () => {
  it("shows a menu, asks for each field, and prints the replies", async () => {
    const server = await v4Server();
    const keys = ["1", "5", "Caneta azul", "3.75", "azul, preta", "2", "1", "x", "Bad", "1", "", "3"].join("\n");
    const { commands, printed, prompts } = typed(`${keys}\n`, true);
    expect(await runClient(options(server.port), commands, printed.console)).toBe(1);
    expect(prompts).toContain("\n1) add a product  2) list the products  3) quit\n> ");
    expect(prompts).toEqual(
      expect.arrayContaining([
        "code: ",
        "name: ",
        "price (decimals with a dot: 2.5): ",
        "colors (comma-separated, Enter for none): ",
      ]),
    );
    expect(printed.out).toEqual([
      "added product 5: Caneta azul",
      "code  name         price  colors",
      "   5  Caneta azul   3.75  azul, preta",
      "bye",
    ]);
    expect(printed.err).toEqual(["error BAD_REQUEST: product.code: must be an integer from 1 to 2147483647"]);
  });
});

describe("v4 client facing a server that misbehaves", () => {
  async function fakeServer(onConnection: (socket: net.Socket) => void): Promise<number> {
    const server = net.createServer(onConnection);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    defer(() => server.close());
    return (server.address() as net.AddressInfo).port;
  }

  it("fails clearly when the server closes before answering", async () => {
    const port = await fakeServer((socket) => socket.once("data", () => socket.end()));
    const { commands, printed } = typed("list\n");
    await expect(runClient(options(port), commands, printed.console)).rejects.toThrow(
      "the server closed the connection without answering list: it was stopped, or it closed a connection that was idle too long",
    );
  });

  it("fails clearly when the server's reply is not JSON", async () => {
    const port = await fakeServer((socket) => socket.once("data", () => socket.end("not json\n")));
    const { commands, printed } = typed("list\n");
    await expect(runClient(options(port), commands, printed.console)).rejects.toThrow(
      "the server's reply is not valid JSON",
    );
  });

  it("times out, saying which reply it waited for", async () => {
    const port = await fakeServer((socket) => socket.resume());
    const { commands, printed } = typed("list\n");
    await expect(runClient({ ...options(port), timeout: 200 }, commands, printed.console)).rejects.toThrow(
      "timed out after 200 ms waiting for the server's reply to list",
    );
  });
});
