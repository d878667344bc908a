import { once } from "node:events";
import net from "node:net";
import {
  IncompleteMessageError,
  InvalidUtf8Error,
  MAX_TEXT_LINE_BYTES,
  MessageTooLargeError,
  type RunningServer,
} from "@socket-lessons/protocol";
import { RecordingIO } from "@socket-lessons/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { startServer } from "../src/server.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function v2Server(message = "Hello from the server!"): Promise<{ server: RunningServer; io: RecordingIO }> {
  const io = new RecordingIO();
  const server = await startServer({ host: "127.0.0.1", port: 0, trace: false, message }, io);
  cleanups.push(() => server.close());
  // A test that makes the server fail checks `finished` itself; none may go unhandled.
  server.finished.catch(() => {});
  return { server, io };
}

/** A raw client: connects and returns the greeting, up to and including its "\n". */
async function greetingOf(port: number): Promise<string> {
  const socket = net.connect(port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  socket.on("error", () => {});
  let greeting = "";
  for await (const chunk of socket) {
    greeting += chunk.toString();
    if (greeting.endsWith("\n")) break;
  }
  return greeting;
}

async function sendAfterGreeting(port: number, bytes: Buffer | string, options: { end: boolean } = { end: true }) {
  const socket = net.connect(port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  socket.on("error", () => {});
  await once(socket, "data");
  if (options.end) socket.end(bytes);
  else socket.write(bytes);
  socket.resume();
  return socket;
}

function clientOptions(port: number, message = "Hello from the client!") {
  return { host: "127.0.0.1", port, timeout: 5000, trace: false, message };
}

describe("v2 handshake", () => {
  it("server and client each print the other's line", async () => {
    const { server, io } = await v2Server();
    const clientIO = new RecordingIO();
    await runClient(clientOptions(server.address.port), clientIO);
    await server.finished;
    expect(clientIO.out).toEqual(["server says: Hello from the server!"]);
    expect(io.out).toEqual([`listening on 127.0.0.1:${server.address.port}`, "client says: Hello from the client!"]);
  });

  it("carries any UTF-8 text", async () => {
    const { server, io } = await v2Server("Olá, cliente! 👋");
    const clientIO = new RecordingIO();
    await runClient(clientOptions(server.address.port, "Oi, servidor! 世界"), clientIO);
    await server.finished;
    expect(clientIO.out).toEqual(["server says: Olá, cliente! 👋"]);
    expect(io.out[1]).toBe("client says: Oi, servidor! 世界");
  });

  it("the greeting is one line ended by \\n", async () => {
    const { server } = await v2Server();
    expect(await greetingOf(server.address.port)).toBe("Hello from the server!\n");
  });
});

describe("v2 server reading the client's line", () => {
  it("accepts a line written one byte at a time, ended by \\r\\n (telnet)", async () => {
    const { server, io } = await v2Server();
    const socket = await sendAfterGreeting(server.address.port, "", { end: false });
    for (const byte of Buffer.from("byte by byte\r\n")) {
      socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.end();
    await server.finished;
    expect(io.out[1]).toBe("client says: byte by byte");
  });

  it("takes the first line when more arrive in the same chunk", async () => {
    const { server, io } = await v2Server();
    await sendAfterGreeting(server.address.port, "first\nsecond\nthird\n");
    await server.finished;
    expect(io.out[1]).toBe("client says: first");
  });

  it("fails clearly when the client leaves without a line", async () => {
    const { server } = await v2Server();
    await sendAfterGreeting(server.address.port, "");
    await expect(server.finished).rejects.toThrow("the client closed the connection without sending a line");
  });

  it("fails clearly when the client leaves in the middle of a line", async () => {
    const { server } = await v2Server();
    await sendAfterGreeting(server.address.port, "no newline");
    await expect(server.finished).rejects.toThrow(IncompleteMessageError);
  });

  it("refuses a line longer than the limit without waiting for its end", async () => {
    const { server } = await v2Server();
    await sendAfterGreeting(server.address.port, "x".repeat(MAX_TEXT_LINE_BYTES + 1), { end: false });
    await expect(server.finished).rejects.toThrow(MessageTooLargeError);
  });

  it("refuses bytes that are not UTF-8", async () => {
    const { server } = await v2Server();
    await sendAfterGreeting(server.address.port, Buffer.from([0x66, 0xff, 0xfe, 0x0a]));
    await expect(server.finished).rejects.toThrow(InvalidUtf8Error);
  });
});

describe("v2 client", () => {
  it("fails clearly when the server closes without a greeting", async () => {
    const rude = net.createServer((socket) => socket.end());
    rude.listen(0, "127.0.0.1");
    await once(rude, "listening");
    cleanups.push(() => rude.close());
    const { port } = rude.address() as net.AddressInfo;
    await expect(runClient(clientOptions(port), new RecordingIO())).rejects.toThrow(
      "the server closed the connection without sending its greeting",
    );
  });

  it("times out, saying what it waited for, when the server never greets", async () => {
    const silent = net.createServer((socket) => socket.resume());
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    cleanups.push(() => silent.close());
    const sockets: net.Socket[] = [];
    silent.on("connection", (socket) => sockets.push(socket));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
    });
    const { port } = silent.address() as net.AddressInfo;
    await expect(runClient({ ...clientOptions(port), timeout: 200 }, new RecordingIO())).rejects.toThrow(
      "timed out after 200 ms waiting for the server's greeting",
    );
  });
});
