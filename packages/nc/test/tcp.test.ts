import diagnostics from "node:diagnostics_channel";
import { once } from "node:events";
import net from "node:net";
import { Writable } from "node:stream";
import { killLeftoverProcesses, useCleanup } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";
import { connectTcp, listenTcp, type NcOptions } from "../src/index.ts";
import { lazyBytes, lesson, lessonServer, portIn, TestStreams } from "./helpers.ts";

const defer = useCleanup();
afterAll(killLeftoverProcesses);

const optionsFor = (port: number, more: Partial<NcOptions> = {}): NcOptions => ({
  host: "127.0.0.1",
  port,
  crlf: false,
  timeout: 5000,
  ...more,
});

async function echoServer(): Promise<number> {
  const { port, server } = await lessonServer("echo");
  defer(async () => {
    server.signal("SIGTERM");
    await server.exited;
  });
  return port;
}

describe("nc over TCP, against the echo lesson's server", () => {
  it("sends stdin, sends FIN when stdin ends, prints the echo, and returns once both sides closed", async () => {
    const port = await echoServer();
    const streams = new TestStreams("hello\nworld");
    await connectTcp(optionsFor(port), streams.io);
    expect(streams.text).toBe("hello\nworld");
    // -v: connected first; then our FIN and the server's (which it sends after ours).
    expect(streams.said[0]).toBe(`connected to 127.0.0.1:${port}`);
    expect(streams.said.slice(1).sort()).toEqual([
      `127.0.0.1:${port} sent FIN: it will send nothing more`,
      `sent FIN to 127.0.0.1:${port}: we will send nothing more`,
    ]);
  });

  it("-C sends each line end as \\r\\n, and leaves one that is \\r\\n already", async () => {
    const port = await echoServer();
    const streams = new TestStreams("GET / HTTP/1.1\nHost: localhost\r\n\n");
    await connectTcp(optionsFor(port, { crlf: true }), streams.io);
    expect(streams.text).toBe("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  });

  it("a slow stdout pauses the socket: the output never holds much, and no byte is lost", async () => {
    const port = await echoServer();
    const total = 8 * 1024 * 1024;
    let received = 0;
    let mostWaiting = 0;
    // A reader that takes a moment for each chunk (a slow terminal, `| less`).
    const output = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        mostWaiting = Math.max(mostWaiting, this.writableLength);
        setTimeout(done, 1);
      },
    });
    const input = lazyBytes(total, () => {});
    await connectTcp(optionsFor(port), { input, output, say: () => {} });
    await new Promise((resolve) => output.write("", resolve)); // what is still queued, written out
    expect(received).toBe(total);
    // Without the pause, the echo of 8 MiB would pile up in the output's buffer.
    expect(mostWaiting).toBeLessThan(1024 * 1024);
  });

  it("a server that reads slowly pauses stdin: the socket's send queue never holds much", async () => {
    // A server that takes a moment for each chunk it reads.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.on("data", () => {
        socket.pause();
        setTimeout(() => socket.resume(), 1);
      });
      socket.on("end", () => socket.end());
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    defer(() => server.close());
    // nc's own socket, to watch its send queue.
    let ncSocket: net.Socket | undefined;
    const seeSocket = (message: unknown) => {
      ncSocket = (message as { socket: net.Socket }).socket;
    };
    diagnostics.subscribe("net.client.socket", seeSocket);
    defer(() => diagnostics.unsubscribe("net.client.socket", seeSocket));

    let mostQueued = 0;
    const input = lazyBytes(16 * 1024 * 1024, () => {
      mostQueued = Math.max(mostQueued, ncSocket?.writableLength ?? 0);
    });
    const { port } = server.address() as net.AddressInfo;
    await connectTcp(optionsFor(port), { input, output: new TestStreams().output, say: () => {} });
    // Without the pause, all 16 MiB would be read from stdin into the send queue at once.
    expect(mostQueued).toBeLessThan(1024 * 1024);
  });
});

describe("nc over TCP, when the server closes first (the v1 lesson)", () => {
  it("keeps its own side open until stdin ends, then sends FIN and returns", async () => {
    const { port, server } = await lessonServer("v1");
    const streams = new TestStreams();
    let returned = false;
    const nc = connectTcp(optionsFor(port), streams.io).then(() => {
      returned = true;
    });
    await streams.waitToSay(/sent FIN: it will send nothing more$/);
    expect(returned).toBe(false); // half-open: the server is done sending, we are not
    streams.input.end();
    await nc;
    // v1's server waits for our FIN too before it exits.
    expect((await server.exited).code).toBe(0);
    expect(streams.said.at(-1)).toBe(`sent FIN to 127.0.0.1:${port}: we will send nothing more`);
  });
});

describe("nc -l, with a lesson's client", () => {
  it("waits for one client (v2's), sends it stdin, prints its answer, and returns once both sides closed", async () => {
    const streams = new TestStreams("Hello from nc\n");
    const nc = listenTcp(optionsFor(0), streams.io);
    const port = portIn(await streams.waitToSay(/^listening on /));
    const client = await lesson("v2", "start:client", ["--port", String(port)]).exited;
    expect(client).toMatchObject({ code: 0, stdout: ["server says: Hello from nc"], stderr: [] });
    await nc;
    expect(streams.text).toBe("Hello from the client!\n");
    expect(streams.said).toContainEqual(expect.stringMatching(/^connection from 127\.0\.0\.1:\d+$/));
  });

  it("refuses a port that is taken, with the system's error", async () => {
    const taken = net.createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    defer(() => taken.close());
    const { port } = taken.address() as net.AddressInfo;
    await expect(listenTcp(optionsFor(port), new TestStreams().io)).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
