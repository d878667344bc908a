import type { RunningServer } from "@socket-lessons/protocol";
import { RecordingIO } from "@socket-lessons/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { startServer } from "../src/server.ts";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function v4Server(): Promise<RunningServer> {
  const server = await startServer({ host: "127.0.0.1", port: 0, trace: false }, new RecordingIO());
  servers.push(server);
  return server;
}

const options = (port: number) => ({ host: "127.0.0.1", port, timeout: 5000, trace: false });

describe("v4 client from a pipe", () => {
  it("runs one command per line and prints the list as a table", async () => {
    const server = await v4Server();
    const io = new RecordingIO({ input: 'add 1 "Blue pen" 2.5 blue,black\nadd 22 Notebook 12.9\nlist\nquit\n' });
    expect(await runClient(options(server.address.port), io)).toBe(0);
    expect(io.out).toEqual([
      "added product 1: Blue pen",
      "added product 22: Notebook",
      "code  name      price  colors",
      "   1  Blue pen    2.5  blue, black",
      "  22  Notebook   12.9",
      "bye",
    ]);
    expect(io.err).toEqual([]);
    await server.finished;
  });

  it("prints the server's errors and a typing mistake's usage, goes on, and exits 1", async () => {
    const server = await v4Server();
    const io = new RecordingIO({ input: "add 1 Pen 1\nadd 1 Pen 1\nadd 0 Zero 1\nadd 2 Pen\nfly\nlist\n" });
    expect(await runClient(options(server.address.port), io)).toBe(1);
    expect(io.err).toEqual([
      "error DUPLICATE_CODE: a product with code 1 already exists",
      "error BAD_REQUEST: product.code: must be an integer from 1 to 2147483647",
      "error: usage: add CODE NAME PRICE [COLOR,COLOR...]",
      'error: unknown command "fly": try add, list, quit',
    ]);
    // The input ended without quit: the client said goodbye anyway.
    expect(io.out.at(-1)).toBe("bye");
  });

  it("receives a list reply of more than 1 MiB whole", async () => {
    // v4 serves one client, so the client under test fills the list itself (1.2 MB of names).
    const big = await v4Server();
    const adds = Array.from({ length: 5000 }, (_, i) => `add ${i + 1} "${"n".repeat(190)}${i}" ${i}.5 red,green`);
    const io = new RecordingIO({ input: `${adds.join("\n")}\nlist\nquit\n` });
    expect(await runClient(options(big.address.port), io)).toBe(0);
    const table = io.out.filter((line) => /^ *\d+ {2}n{190}/.test(line));
    expect(table).toHaveLength(5000);
    expect(table.at(-1)).toMatch(/^5000 {2}n{190}4999 +4999\.5 {2}red, green$/);
  });
});

describe("v4 client at a terminal", () => {
  it("shows a menu, asks for each field, and prints the replies", async () => {
    const server = await v4Server();
    const typed = ["1", "5", "Caneta azul", "3.75", "azul, preta", "2", "1", "x", "Bad", "1", "", "3"].join("\n");
    const io = new RecordingIO({ input: `${typed}\n`, interactive: true });
    expect(await runClient(options(server.address.port), io)).toBe(1);
    expect(io.prompts).toContain("\n1) add a product  2) list the products  3) quit\n> ");
    expect(io.prompts).toEqual(
      expect.arrayContaining(["code: ", "name: ", "price: ", "colors (comma-separated, Enter for none): "]),
    );
    expect(io.out).toEqual([
      "added product 5: Caneta azul",
      "code  name         price  colors",
      "   5  Caneta azul   3.75  azul, preta",
      "bye",
    ]);
    expect(io.err).toEqual(["error BAD_REQUEST: product.code: must be an integer from 1 to 2147483647"]);
  });
});

describe("v4 client facing a server that misbehaves", () => {
  it("fails clearly when the server closes before answering", async () => {
    const net = await import("node:net");
    const rude = net.createServer((socket) => socket.once("data", () => socket.end()));
    rude.listen(0, "127.0.0.1");
    await new Promise((resolve) => rude.once("listening", resolve));
    const { port } = rude.address() as { port: number };
    try {
      const io = new RecordingIO({ input: "list\n" });
      await expect(runClient(options(port), io)).rejects.toThrow("the server closed the connection before answering");
    } finally {
      rude.close();
    }
  });
});
