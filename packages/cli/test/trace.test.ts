import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import { useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { hexDump, traceChunk, traceEverySocket } from "../src/index.ts";

const defer = useCleanup();

function tracing(): string[] {
  const lines: string[] = [];
  defer(traceEverySocket((line) => lines.push(line)));
  return lines;
}

async function listening(server: net.Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  defer(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

describe("traceEverySocket", () => {
  it("shows what a client writes and reads, its FIN and the server's, without the client asking", async () => {
    const port = await listening(net.createServer((socket) => socket.end("pong")));
    const lines = tracing();
    const client = net.connect(port, "127.0.0.1");
    defer(() => client.destroy());
    await once(client, "connect");
    client.end("ping");
    client.resume();
    await once(client, "close");
    const clientLines = lines.filter((line) => line.includes(`127.0.0.1:${port}`) || line.startsWith("  "));
    expect(clientLines).toContain(`[trace] wrote 4 bytes to 127.0.0.1:${port}`);
    expect(clientLines).toContain(`[trace] read 4 bytes from 127.0.0.1:${port}`);
    expect(lines).toContain(hexDump(Buffer.from("ping"))[0]);
    expect(lines).toContain(`[trace] sent FIN to 127.0.0.1:${port}: we will send nothing more`);
    expect(lines).toContain(`[trace] 127.0.0.1:${port} sent FIN: it will send nothing more`);
  });

  it("leaves a socket's flow as the lesson set it: a chunk traced is still there for the lesson to read", async () => {
    const port = await listening(net.createServer((socket) => socket.end("for the lesson")));
    const lines: string[] = [];
    let traced: () => void = () => {};
    const readTraced = new Promise<void>((resolve) => {
      traced = resolve;
    });
    defer(
      traceEverySocket((line) => {
        lines.push(line);
        if (line.startsWith("[trace] read")) traced();
      }),
    );
    const client = net.connect(port, "127.0.0.1");
    defer(() => client.destroy());
    await readTraced;
    expect(client.readableFlowing).toBe(null); // nobody made it flow: the bytes wait in its buffer
    const received: Buffer[] = [];
    for await (const chunk of client) received.push(chunk);
    expect(Buffer.concat(received).toString()).toBe("for the lesson");
  });

  it("shows the chunks of a socket read with for await, the bytes unchanged", async () => {
    const port = await listening(net.createServer((socket) => socket.end(Buffer.from([0, 1, 2, 255]))));
    const lines = tracing();
    const client = net.connect(port, "127.0.0.1");
    defer(() => client.destroy());
    const received: Buffer[] = [];
    for await (const chunk of client) received.push(chunk);
    expect(Buffer.concat(received)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(lines).toContain(`[trace] read 4 bytes from 127.0.0.1:${port}`);
  });

  it("counts one byte as one byte", () => {
    const lines: string[] = [];
    traceChunk((line) => lines.push(line), "read", Buffer.from("a"), "127.0.0.1:1");
    traceChunk((line) => lines.push(line), "write", Buffer.from("b"), "127.0.0.1:1");
    expect(lines.filter((line) => line.startsWith("[trace]"))).toEqual([
      "[trace] read 1 byte from 127.0.0.1:1",
      "[trace] wrote 1 byte to 127.0.0.1:1",
    ]);
  });

  it("shows a UDP datagram sent and its echo received, with the peer's address", async () => {
    const server = dgram.createSocket("udp4");
    server.on("message", (datagram, sender) => server.send(datagram, sender.port, sender.address));
    server.bind(0, "127.0.0.1");
    await once(server, "listening");
    defer(() => server.close());
    const { port } = server.address();
    const lines = tracing();
    const client = dgram.createSocket("udp4");
    defer(() => client.close());
    client.connect(port, "127.0.0.1");
    await once(client, "connect");
    client.send("hi");
    await once(client, "message");
    expect(lines).toContain(`[trace] wrote 2 bytes to 127.0.0.1:${port}`);
    expect(lines).toContain(`[trace] read 2 bytes from 127.0.0.1:${port}`);
  });
});
