import { once } from "node:events";
import net from "node:net";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function echoServer() {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0 });
  defer(() => server.stop());
  return server;
}

/** A plain TCP client: send bytes, half-close, read until the server closes. */
async function echoOf(port: number, bytes: Buffer): Promise<Buffer> {
  const socket = net.connect(port, "127.0.0.1");
  defer(() => socket.destroy());
  await once(socket, "connect");
  socket.end(bytes);
  const received: Buffer[] = [];
  for await (const chunk of socket) received.push(chunk);
  return Buffer.concat(received);
}

function clientOptions(port: number, message = "Hello, world") {
  return { host: "127.0.0.1", port, timeout: 5000, message };
}

describe("echo server", () => {
  it("prints the listening line first, with the real port", async () => {
    const { printed, port } = await echoServer();
    expect(printed.out[0]).toBe(`listening on 127.0.0.1:${port}`);
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

  it("logs each client's arrival and departure by its address", async () => {
    const { port, printed } = await echoServer();
    await echoOf(port, Buffer.from("hi"));
    const disconnected = await printed.waitForOut(/disconnected$/);
    expect(printed.out[1]).toMatch(/^client connected from 127\.0\.0\.1:\d+$/);
    expect(disconnected).toMatch(/^client 127\.0\.0\.1:\d+ disconnected$/);
  });

  it("stops accepting once its signal is aborted, and finishes", async () => {
    const server = await echoServer();
    await server.stop();
    const refused = net.connect(server.port, "127.0.0.1");
    const [error] = await once(refused, "error");
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("echo client", () => {
  it("prints what the server sends back", async () => {
    const { port } = await echoServer();
    const printed = new RecordingConsole();
    await runClient(clientOptions(port, "olá, 世界"), printed.console);
    expect(printed.out).toEqual(["olá, 世界"]);
  });

  it("gives up with a timeout when the server never closes its side", async () => {
    const silent = net.createServer({ allowHalfOpen: true }, (socket) => socket.resume());
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    defer(() => silent.close());
    const { port } = silent.address() as net.AddressInfo;
    const failure = runClient({ ...clientOptions(port), timeout: 200 }, new RecordingConsole().console);
    await expect(failure).rejects.toThrow("timed out after 200 ms waiting for the echo");
  });

  it("fails with ECONNREFUSED when no server is listening", async () => {
    const server = await echoServer();
    await server.stop();
    const failure = runClient(clientOptions(server.port), new RecordingConsole().console);
    await expect(failure).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
