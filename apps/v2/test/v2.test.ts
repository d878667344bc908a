import { once } from "node:events";
import net from "node:net";
import { printable } from "@socket-lessons/protocol";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { MAX_LINE_BYTES, runServer } from "../src/server.ts";

const defer = useCleanup();

async function v2Server(message = "Hello from the server!") {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0, message });
  defer(() => server.stop());
  return server;
}

function connect(port: number): net.Socket {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => {});
  defer(() => socket.destroy());
  return socket;
}

/** The greeting, read up to and including its "\n", as any client would. */
async function greetingOf(socket: net.Socket): Promise<string> {
  let greeting = "";
  while (!greeting.endsWith("\n")) {
    const [chunk] = (await once(socket, "data")) as [Buffer];
    greeting += chunk.toString();
  }
  return greeting;
}

/** Connects, waits for the greeting, then writes `pieces` one after another (each in its own write). */
async function answerInPieces(port: number, pieces: readonly (string | Buffer)[], end = true): Promise<net.Socket> {
  const socket = connect(port);
  await greetingOf(socket);
  for (const piece of pieces) {
    socket.write(piece);
    await new Promise((resolve) => setImmediate(resolve)); // let each piece go as its own segment
  }
  if (end) socket.end();
  socket.resume();
  return socket;
}

function clientOptions(port: number, message = "Hello from the client!") {
  return { host: "127.0.0.1", port, timeout: 5000, message };
}

describe("v2 handshake", () => {
  it("server and client each print the other's line", async () => {
    const server = await v2Server();
    const printed = new RecordingConsole();
    await runClient(clientOptions(server.port), printed.console);
    await server.finished;
    expect(printed.out).toEqual(["server says: Hello from the server!"]);
    expect(server.printed.out).toEqual([
      `listening on 127.0.0.1:${server.port}`,
      "client says: Hello from the client!",
    ]);
  });

  it("carries any UTF-8 text", async () => {
    const server = await v2Server("Olá, cliente! 👋");
    const printed = new RecordingConsole();
    await runClient(clientOptions(server.port, "Oi, servidor! 世界"), printed.console);
    await server.finished;
    expect(printed.out).toEqual(["server says: Olá, cliente! 👋"]);
    expect(server.printed.out[1]).toBe("client says: Oi, servidor! 世界");
  });

  it("the greeting is one line ended by \\n", async () => {
    const server = await v2Server();
    expect(await greetingOf(connect(server.port))).toBe("Hello from the server!\n");
  });
});

describe("v2 server reading the client's line", () => {
  it("accepts a line written one byte at a time, ended by \\r\\n (telnet)", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, [..."byte by byte\r\n"]);
    await server.finished;
    expect(server.printed.out[1]).toBe("client says: byte by byte");
  });

  it("reads the line whatever the sizes of the chunks it comes in (1 to 4096 bytes)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", maxLength: 3000 }).filter((text) => !/[\r\n]/.test(text)),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 8 }),
        async (text, sizes) => {
          const server = await v2Server();
          const bytes = Buffer.from(`${text}\n`);
          const pieces: Buffer[] = [];
          for (let offset = 0, i = 0; offset < bytes.length; i++) {
            const size = sizes[i % sizes.length] ?? 1;
            pieces.push(bytes.subarray(offset, offset + size));
            offset += size;
          }
          await answerInPieces(server.port, pieces);
          await server.finished;
          expect(server.printed.out[1]).toBe(`client says: ${printable(text)}`);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("prints the client's control characters as escapes: ESC, NUL and a carriage return are shown, not obeyed", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, ["hi\u001b[2J\u0000 there\rlistening on 127.0.0.1:1 \u202eevil\n"]);
    await server.finished;
    expect(server.printed.out).toEqual([
      `listening on 127.0.0.1:${server.port}`,
      "client says: hi\\x1b[2J\\x00 there\\rlistening on 127.0.0.1:1 \\u202eevil",
    ]);
  });

  it("takes the first line when more arrive in the same chunk", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, ["first\nsecond\nthird\n"]);
    await server.finished;
    expect(server.printed.out[1]).toBe("client says: first");
  });

  it("fails clearly when the client leaves without a line", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, []);
    await expect(server.finished).rejects.toThrow("the client closed the connection without sending a line");
  });

  it("fails clearly when the client leaves in the middle of a line", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, ["no newline"]);
    await expect(server.finished).rejects.toThrow(
      'the client left in the middle of a line (10 bytes of it had arrived, but no "\\n")',
    );
  });

  it("refuses a line longer than the limit without waiting for its end", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, ["x".repeat(MAX_LINE_BYTES + 1)], false);
    await expect(server.finished).rejects.toThrow(`the client's line is longer than ${MAX_LINE_BYTES} bytes`);
  });

  it("refuses bytes that are not UTF-8", async () => {
    const server = await v2Server();
    await answerInPieces(server.port, [Buffer.from([0x66, 0xff, 0xfe, 0x0a])]);
    await expect(server.finished).rejects.toThrow("the client's line is not valid UTF-8 text");
  });

  it("ends the connection with a FIN after the line, and finishes when the client closes its side", async () => {
    const server = await v2Server();
    const socket = await answerInPieces(server.port, ["hi\n"], false);
    await once(socket, "end");
    socket.end();
    await server.finished;
  });
});

describe("v2 client", () => {
  async function fakeServer(onConnection: (socket: net.Socket) => void): Promise<number> {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      sockets.push(socket);
      onConnection(socket);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    defer(() => {
      for (const socket of sockets) socket.destroy();
      server.close();
    });
    return (server.address() as net.AddressInfo).port;
  }

  it("reads a greeting that arrives one byte at a time", async () => {
    const port = await fakeServer(async (socket) => {
      for (const byte of Buffer.from("slow hello\r\n")) {
        socket.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      socket.resume();
      socket.on("end", () => socket.end());
    });
    const printed = new RecordingConsole();
    await runClient(clientOptions(port), printed.console);
    expect(printed.out).toEqual(["server says: slow hello"]);
  });

  it("prints the server's control characters as escapes", async () => {
    const port = await fakeServer((socket) => {
      socket.write("hello\u001b]0;pwned\u0007\u0000\r\n");
      socket.resume();
      socket.on("end", () => socket.end());
    });
    const printed = new RecordingConsole();
    await runClient(clientOptions(port), printed.console);
    expect(printed.out).toEqual(["server says: hello\\x1b]0;pwned\\x07\\x00"]);
  });

  it("fails clearly when the server closes without a greeting", async () => {
    const port = await fakeServer((socket) => socket.end());
    await expect(runClient(clientOptions(port), new RecordingConsole().console)).rejects.toThrow(
      "the server closed the connection without sending its greeting",
    );
  });

  it("times out, saying what it waited for, when the server never greets", async () => {
    const port = await fakeServer((socket) => socket.resume());
    await expect(runClient({ ...clientOptions(port), timeout: 200 }, new RecordingConsole().console)).rejects.toThrow(
      "timed out after 200 ms waiting for the server's greeting",
    );
  });
});
