import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import {
  encodeFrame,
  IncompleteMessageError,
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

async function v3Server(): Promise<{ server: RunningServer; io: RecordingIO }> {
  const io = new RecordingIO();
  const server = await startServer({ host: "127.0.0.1", port: 0, trace: false, message: "Olá!" }, io);
  cleanups.push(() => server.close());
  server.finished.catch(() => {}); // tests that make it fail look at `finished` themselves
  return { server, io };
}

/** Connects, waits for the greeting frame's first bytes, then writes each of `pieces`. */
async function sendAfterGreeting(port: number, ...pieces: Buffer[]): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  cleanups.push(() => socket.destroy());
  socket.on("error", () => {});
  await once(socket, "data");
  for (const piece of pieces) socket.write(piece);
  socket.resume();
  return socket;
}

const personFrame = (value: unknown) => encodeFrame(v8.serialize(value));

describe("v3 exchange", () => {
  it("the client prints the greeting and the server prints the person", async () => {
    const { server, io } = await v3Server();
    const clientIO = new RecordingIO();
    const options = { host: "127.0.0.1", port: server.address.port, timeout: 5000, trace: false };
    await runClient({ ...options, name: "Ana Souza", email: "ana@example.com" }, clientIO);
    await server.finished;
    expect(clientIO.out).toEqual(["server says: Olá!"]);
    expect(io.out[1]).toBe("received person: Ana Souza <ana@example.com>");
  });

  it("the greeting frame is a 4-byte big-endian length, then v8 data", async () => {
    const { server } = await v3Server();
    const socket = net.connect(server.address.port, "127.0.0.1");
    cleanups.push(() => socket.destroy());
    const [chunk] = (await once(socket, "data")) as [Buffer];
    const length = chunk.readUInt32BE(0);
    expect(chunk.length).toBe(4 + length);
    expect(v8.deserialize(chunk.subarray(4))).toBe("Olá!");
  });

  it("reads a person frame written one byte at a time", async () => {
    const { server, io } = await v3Server();
    const frame = personFrame({ name: "Byte", email: "b@example.com" });
    const socket = await sendAfterGreeting(server.address.port);
    for (const byte of frame) {
      socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.end();
    await server.finished;
    expect(io.out[1]).toBe("received person: Byte <b@example.com>");
  });
});

describe("v3 server facing bad frames", () => {
  it("refuses a 2^31-byte length announcement without waiting for the payload", async () => {
    const { server } = await v3Server();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2 ** 31);
    await sendAfterGreeting(server.address.port, header);
    await expect(server.finished).rejects.toThrow(MessageTooLargeError);
  });

  it("refuses garbage bytes that are not v8 data", async () => {
    const { server } = await v3Server();
    await sendAfterGreeting(server.address.port, encodeFrame(Buffer.from("definitely not v8 \x00\xff\x13")));
    await expect(server.finished).rejects.toThrow("the client sent a frame that is not valid v8-serialized data");
  });

  it("reports a connection cut in the middle of a frame", async () => {
    const { server } = await v3Server();
    const frame = personFrame({ name: "Cut", email: "c@example.com" });
    const socket = await sendAfterGreeting(server.address.port, frame.subarray(0, 10));
    socket.end();
    await expect(server.finished).rejects.toThrow(IncompleteMessageError);
  });

  it.each([
    ["a number", 42, "must be an object with a name and an email"],
    ["an empty name", { name: "", email: "e@example.com" }, "name: must not be empty"],
    ["a 201-character name", { name: "x".repeat(201), email: "e@example.com" }, "name: must be at most 200 characters"],
    ["a missing email", { name: "Ana" }, "email: missing"],
    ["a numeric email", { name: "Ana", email: 7 }, "email: must be a string (the e-mail address)"],
    ["an extra field", { name: "Ana", email: "a@example.com", admin: true }, "admin: unknown field"],
  ])("refuses %s as a person", async (_what, value, message) => {
    const { server } = await v3Server();
    await sendAfterGreeting(server.address.port, personFrame(value));
    await expect(server.finished).rejects.toThrow(`the client sent an invalid person: ${message}`);
  });

  it("accepts a 200-character name", async () => {
    const { server, io } = await v3Server();
    const socket = await sendAfterGreeting(server.address.port, personFrame({ name: "n".repeat(200), email: "e" }));
    socket.end();
    await server.finished;
    expect(io.out[1]).toBe(`received person: ${"n".repeat(200)} <e>`);
  });
});

describe("v3 client", () => {
  it("refuses a greeting that is not a string", async () => {
    const odd = net.createServer((socket) => socket.end(personFrame({ not: "a string" })));
    odd.listen(0, "127.0.0.1");
    await once(odd, "listening");
    cleanups.push(() => odd.close());
    const { port } = odd.address() as net.AddressInfo;
    const options = { host: "127.0.0.1", port, timeout: 5000, trace: false, name: "A", email: "B" };
    await expect(runClient(options, new RecordingIO())).rejects.toThrow("the server's greeting is not a string");
  });
});
