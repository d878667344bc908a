import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import { encodeFrame } from "@socket-lessons/protocol";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function v3Server() {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0, message: "Olá!" });
  defer(() => server.stop());
  return server;
}

/** Connects, waits for the greeting frame's first bytes, then writes each of `pieces`. */
async function sendAfterGreeting(port: number, ...pieces: Buffer[]): Promise<net.Socket> {
  const socket = net.connect(port, "127.0.0.1");
  defer(() => socket.destroy());
  socket.on("error", () => {});
  await once(socket, "data");
  for (const piece of pieces) socket.write(piece);
  socket.resume();
  return socket;
}

const personFrame = (value: unknown) => encodeFrame(v8.serialize(value));

describe("v3 exchange", () => {
  it("the client prints the greeting and the server prints the person", async () => {
    const server = await v3Server();
    const printed = new RecordingConsole();
    const options = { host: "127.0.0.1", port: server.port, timeout: 5000 };
    await runClient({ ...options, name: "Ana Souza", email: "ana@example.com" }, printed.console);
    await server.finished;
    expect(printed.out).toEqual(["server says: Olá!"]);
    expect(server.printed.out[1]).toBe("received person: Ana Souza <ana@example.com>");
  });

  it("the greeting frame is a 4-byte big-endian length, then v8 data", async () => {
    const server = await v3Server();
    const socket = net.connect(server.port, "127.0.0.1");
    defer(() => socket.destroy());
    const [chunk] = (await once(socket, "data")) as [Buffer];
    const length = chunk.readUInt32BE(0);
    expect(chunk.length).toBe(4 + length);
    expect(v8.deserialize(chunk.subarray(4))).toBe("Olá!");
  });

  it("reads a person frame whose header arrives split, then merged with the payload", async () => {
    const server = await v3Server();
    const frame = personFrame({ name: "Split", email: "s@example.com" });
    const socket = await sendAfterGreeting(server.port);
    for (const piece of [frame.subarray(0, 1), frame.subarray(1, 3), frame.subarray(3)]) {
      socket.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.end();
    await server.finished;
    expect(server.printed.out[1]).toBe("received person: Split <s@example.com>");
  });

  it("reads a person frame written one byte at a time", async () => {
    const server = await v3Server();
    const frame = personFrame({ name: "Byte", email: "b@example.com" });
    const socket = await sendAfterGreeting(server.port);
    for (const byte of frame) {
      socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.end();
    await server.finished;
    expect(server.printed.out[1]).toBe("received person: Byte <b@example.com>");
  });
});

describe("v3 server facing bad frames", () => {
  it("refuses a 2^31-byte length announcement without waiting for the payload", async () => {
    const server = await v3Server();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2 ** 31);
    await sendAfterGreeting(server.port, header);
    await expect(server.finished).rejects.toThrow(
      "the client announced a frame of 2147483648 bytes: the limit is 1048576",
    );
  });

  it("refuses garbage bytes that are not v8 data", async () => {
    const server = await v3Server();
    await sendAfterGreeting(server.port, encodeFrame(Buffer.from("definitely not v8 \x00\xff\x13")));
    await expect(server.finished).rejects.toThrow("the client sent a frame that is not valid v8-serialized data");
  });

  it("reports a connection cut in the middle of a frame", async () => {
    const server = await v3Server();
    const frame = personFrame({ name: "Cut", email: "c@example.com" });
    const socket = await sendAfterGreeting(server.port, frame.subarray(0, 10));
    socket.end();
    await expect(server.finished).rejects.toThrow(
      "the client left in the middle of a frame (10 bytes of it had arrived)",
    );
  });

  it.each([
    ["a number", 42, "must be an object with a name and an email"],
    ["an empty name", { name: "", email: "e@example.com" }, "name: must not be empty"],
    ["a 201-character name", { name: "x".repeat(201), email: "e@example.com" }, "name: must be at most 200 characters"],
    ["a missing email", { name: "Ana" }, "email: missing"],
    ["a numeric email", { name: "Ana", email: 7 }, "email: must be a string (the e-mail address)"],
    ["an extra field", { name: "Ana", email: "a@example.com", admin: true }, "admin: unknown field"],
  ])("refuses %s as a person", async (_what, value, message) => {
    const server = await v3Server();
    await sendAfterGreeting(server.port, personFrame(value));
    await expect(server.finished).rejects.toThrow(`the client sent an invalid person: ${message}`);
  });

  it("refuses a typed array as a person in one short line, not one problem per element", async () => {
    const server = await v3Server();
    await sendAfterGreeting(server.port, personFrame(new Uint8Array(1_000_000)));
    const error = await server.finished.then(
      () => new Error("it accepted a typed array"),
      (failure: Error) => failure,
    );
    expect(error.message).toBe(
      "the client sent an invalid person: name: missing; email: missing; 0: unknown field; 1: unknown field; " +
        "2: unknown field; … and 999997 more",
    );
  });

  it("prints a name and e-mail holding \\n and terminal escapes as escapes: they cannot fake a line", async () => {
    const server = await v3Server();
    const person = { name: "Ana\nlistening on 127.0.0.1:1", email: "a@example.com\u001b[2J\u0000" };
    const socket = await sendAfterGreeting(server.port, personFrame(person));
    socket.end();
    await server.finished;
    expect(server.printed.out).toEqual([
      `listening on 127.0.0.1:${server.port}`,
      "received person: Ana\\nlistening on 127.0.0.1:1 <a@example.com\\x1b[2J\\x00>",
    ]);
  });

  it("accepts a 200-character name", async () => {
    const server = await v3Server();
    const socket = await sendAfterGreeting(server.port, personFrame({ name: "n".repeat(200), email: "e" }));
    socket.end();
    await server.finished;
    expect(server.printed.out[1]).toBe(`received person: ${"n".repeat(200)} <e>`);
  });
});

describe("v3 client", () => {
  it("prints the server's greeting with its control characters as escapes", async () => {
    const odd = net.createServer((socket) => {
      socket.on("error", () => {});
      socket.end(personFrame("hi\r\u001b[2Kfake line\u202e"));
      socket.resume();
    });
    odd.listen(0, "127.0.0.1");
    await once(odd, "listening");
    defer(() => odd.close());
    const { port } = odd.address() as net.AddressInfo;
    const printed = new RecordingConsole();
    await runClient({ host: "127.0.0.1", port, timeout: 5000, name: "A", email: "B" }, printed.console);
    expect(printed.out).toEqual(["server says: hi\\r\\x1b[2Kfake line\\u202e"]);
  });

  it("refuses a greeting that is not a string", async () => {
    const odd = net.createServer((socket) => socket.end(personFrame({ not: "a string" })));
    odd.listen(0, "127.0.0.1");
    await once(odd, "listening");
    defer(() => odd.close());
    const { port } = odd.address() as net.AddressInfo;
    const options = { host: "127.0.0.1", port, timeout: 5000, name: "A", email: "B" };
    await expect(runClient(options, new RecordingConsole().console)).rejects.toThrow(
      "the server's greeting is not a string",
    );
  });
});
