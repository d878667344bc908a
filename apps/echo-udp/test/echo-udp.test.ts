import dgram from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { UsageError } from "@socket-lessons/cli";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { MAX_DATAGRAM_PAYLOAD, runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function echoServer(host = "127.0.0.1") {
  const server = await startInProcess(runServer, { host, port: 0 });
  defer(() => server.stop());
  return server;
}

/** A UDP server that ignores the first `drop` datagrams it gets, then echoes; counts them all. */
async function lossyServer(drop: number): Promise<{ port: number; received: () => number }> {
  const socket = dgram.createSocket("udp4");
  let received = 0;
  socket.on("message", (datagram, sender) => {
    received += 1;
    if (received > drop) socket.send(datagram, sender.port, sender.address);
  });
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  defer(() => socket.close());
  return { port: (socket.address() as AddressInfo).port, received: () => received };
}

function clientOptions(port: number, extra: Partial<{ message: string; retries: number; timeout: number }> = {}) {
  return { host: "127.0.0.1", port, timeout: 2000, message: "Hello, world", retries: 3, ...extra };
}

/** Sends one datagram from a plain UDP socket and returns the answer. */
async function echoOf(port: number, host: string, bytes: Buffer): Promise<Buffer> {
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  socket.send(bytes, port, host);
  const [echo] = (await once(socket, "message")) as [Buffer];
  socket.close();
  return echo;
}

describe("UDP echo server", () => {
  it("answers a datagram with the same bytes", async () => {
    const server = await echoServer();
    expect((await echoOf(server.port, "127.0.0.1", Buffer.from("ping"))).toString()).toBe("ping");
  });

  it("echoes the largest datagram IPv4 can carry, whole", async () => {
    const server = await echoServer();
    const biggest = Buffer.alloc(MAX_DATAGRAM_PAYLOAD[4], "z");
    expect((await echoOf(server.port, "127.0.0.1", biggest)).equals(biggest)).toBe(true);
  });

  it("answers each of many senders on one socket", async () => {
    const server = await echoServer();
    const messages = Array.from({ length: 20 }, (_, i) => Buffer.from(`sender ${i}`));
    const echoes = await Promise.all(messages.map((message) => echoOf(server.port, "127.0.0.1", message)));
    expect(echoes).toEqual(messages);
  });

  it("works over IPv6 on ::1", async () => {
    const server = await echoServer("::1");
    expect(server.printed.out[0]).toBe(`listening on [::1]:${server.port}`);
    const printed = new RecordingConsole();
    await runClient({ ...clientOptions(server.port), host: "::1" }, printed.console);
    expect(printed.out).toEqual(["Hello, world"]);
  });
});

describe("UDP echo client", () => {
  it("prints the echo", async () => {
    const server = await echoServer();
    const printed = new RecordingConsole();
    await runClient(clientOptions(server.port, { message: "olá" }), printed.console);
    expect(printed.out).toEqual(["olá"]);
    expect(printed.err).toEqual([]);
  });

  it("sends again after a timeout when a datagram is lost", async () => {
    const lossy = await lossyServer(2);
    const printed = new RecordingConsole();
    await runClient(clientOptions(lossy.port, { timeout: 500 }), printed.console);
    expect(printed.err).toEqual(["no echo within 500 ms (attempt 1 of 4)", "no echo within 500 ms (attempt 2 of 4)"]);
    expect(printed.out).toEqual(["Hello, world"]);
    expect(lossy.received()).toBe(3);
  });

  it("reports the loss after its retries run out", async () => {
    const blackHole = await lossyServer(Number.POSITIVE_INFINITY);
    const failure = runClient(
      clientOptions(blackHole.port, { timeout: 50, retries: 2 }),
      new RecordingConsole().console,
    );
    await expect(failure).rejects.toThrow(
      `no echo from 127.0.0.1:${blackHole.port} after 3 attempts: the datagrams or their echoes were lost, or no server is listening`,
    );
    expect(blackHole.received()).toBe(3);
  });

  it("learns from the system that nothing listens on the port (ECONNREFUSED)", async () => {
    const server = await echoServer();
    const port = server.port;
    await server.stop();
    await expect(runClient(clientOptions(port), new RecordingConsole().console)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });

  it("refuses a message larger than one datagram before sending anything", async () => {
    const lossy = await lossyServer(0);
    const tooBig = "x".repeat(MAX_DATAGRAM_PAYLOAD[4] + 1);
    const failure = runClient(clientOptions(lossy.port, { message: tooBig }), new RecordingConsole().console);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow("--message is 65508 bytes; one UDP datagram over IPv4 carries at most 65507");
    expect(lossy.received()).toBe(0);
  });
});
