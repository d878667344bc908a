import { once } from "node:events";
import net from "node:net";
import { type RunningServer, TimeoutError } from "@socket-lessons/protocol";
import { RecordingIO } from "@socket-lessons/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { startServer } from "../src/server.ts";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function echoServer(): Promise<{ server: RunningServer; io: RecordingIO; port: number }> {
  const io = new RecordingIO();
  const server = await startServer({ host: "127.0.0.1", port: 0, trace: false }, io);
  servers.push(server);
  return { server, io, port: server.address.port };
}

/** A plain TCP client: send bytes, half-close, read until the server closes. */
async function echoOf(port: number, bytes: Buffer): Promise<Buffer> {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.end(bytes);
  const received: Buffer[] = [];
  for await (const chunk of socket) received.push(chunk);
  return Buffer.concat(received);
}

function clientOptions(port: number, message = "Hello, world") {
  return { host: "127.0.0.1", port, timeout: 5000, trace: false, message };
}

describe("echo server", () => {
  it("prints the listening line first, with the real port", async () => {
    const { io, port } = await echoServer();
    expect(io.out[0]).toBe(`listening on 127.0.0.1:${port}`);
  });

  it("sends back every byte unchanged, all 256 byte values included", async () => {
    const { port } = await echoServer();
    const bytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));
    expect(await echoOf(port, bytes)).toEqual(bytes);
  });

  it("echoes 8 MiB sent by a client that reads only after sending it all", async () => {
    const { port } = await echoServer();
    const bytes = Buffer.alloc(8 * 1024 * 1024, "abcdefgh");
    expect((await echoOf(port, bytes)).equals(bytes)).toBe(true);
  });

  it("serves several clients at once, each getting only its own bytes", async () => {
    const { port } = await echoServer();
    const messages = Array.from({ length: 20 }, (_, i) => Buffer.from(`client ${i} `.repeat(1000)));
    const echoes = await Promise.all(messages.map((message) => echoOf(port, message)));
    expect(echoes).toEqual(messages);
  });

  it("keeps serving after a client resets its connection", async () => {
    const { port } = await echoServer();
    const rude = net.connect(port, "127.0.0.1");
    await once(rude, "connect");
    rude.write("half a message");
    rude.resetAndDestroy();
    expect((await echoOf(port, Buffer.from("still here"))).toString()).toBe("still here");
  });

  it("finishes when closed, ending the connections of its clients", async () => {
    const { server, port } = await echoServer();
    const idle = net.connect(port, "127.0.0.1");
    await once(idle, "connect");
    idle.resume();
    const ended = once(idle, "end");
    await server.close();
    await ended;
    await server.finished;
  });
});

describe("echo client", () => {
  it("prints what the server sends back", async () => {
    const { port } = await echoServer();
    const io = new RecordingIO();
    await runClient(clientOptions(port, "olá, 世界"), io);
    expect(io.out).toEqual(["olá, 世界"]);
  });

  it("shows the bytes it writes and reads with --trace", async () => {
    const { port } = await echoServer();
    const io = new RecordingIO();
    await runClient({ ...clientOptions(port, "hi"), trace: true }, io);
    expect(io.err).toEqual([
      `[trace] wrote 2 bytes to 127.0.0.1:${port}`,
      expect.stringMatching(/^ {2}0000 {2}68 69 .*\|hi\|$/),
      `[trace] read 2 bytes from 127.0.0.1:${port}`,
      expect.stringMatching(/^ {2}0000 {2}68 69 .*\|hi\|$/),
    ]);
  });

  it("gives up with a timeout when the server never closes its side", async () => {
    const silent = net.createServer({ allowHalfOpen: true }, (socket) => socket.resume());
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as net.AddressInfo;
    try {
      const failure = runClient({ ...clientOptions(port), timeout: 200 }, new RecordingIO());
      await expect(failure).rejects.toThrow(TimeoutError);
      await expect(failure).rejects.toThrow("timed out after 200 ms waiting for the echo");
    } finally {
      silent.close();
    }
  });

  it("fails with ECONNREFUSED when no server is listening", async () => {
    const { server, port } = await echoServer();
    await server.close();
    await expect(runClient(clientOptions(port), new RecordingIO())).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
