import dgram from "node:dgram";
import { once } from "node:events";
import { killLeftoverProcesses, useCleanup } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";
import { listenUdp, type NcOptions, sendUdp } from "../src/index.ts";
import { lessonServer, portIn, TestStreams } from "./helpers.ts";

const defer = useCleanup();
afterAll(killLeftoverProcesses);

const optionsFor = (port: number, more: Partial<NcOptions> = {}): NcOptions => ({
  host: "127.0.0.1",
  port,
  crlf: false,
  timeout: 5000,
  ...more,
});

/** A UDP socket of the test's own, on a free port. */
async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  socket.bind(0, "127.0.0.1");
  await once(socket, "listening");
  defer(() => socket.close());
  return socket;
}

describe("nc -u, against the echo-udp lesson's server", () => {
  it("sends each line as one datagram, prints each echo on a line, and returns once all came back", async () => {
    const { port, server } = await lessonServer("echo-udp");
    defer(async () => {
      server.signal("SIGTERM");
      await server.exited;
    });
    const streams = new TestStreams("one\ntwo\nthree");
    await sendUdp(optionsFor(port), streams.io);
    // "three" had no line end: it went out as it was, and is printed on a line of its own.
    expect(streams.text).toBe("one\ntwo\nthree\n");
    expect(streams.said[1]).toMatch(/^input ended: 3 datagrams sent, [0-3] came back so far$/);
  });

  it("with no server there, the system's 'port unreachable' ends it with ECONNREFUSED", async () => {
    // A port that was free a moment ago: nothing listens there now.
    const closed = dgram.createSocket("udp4").bind(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address();
    closed.close();
    await expect(sendUdp(optionsFor(port), new TestStreams("anyone?\n").io)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });

  it("waits --timeout ms for replies that never come, then returns", async () => {
    const silent = await udpSocket();
    const arrived = once(silent, "message");
    const streams = new TestStreams("hello?\n");
    await sendUdp(optionsFor(silent.address().port, { timeout: 200 }), streams.io);
    expect(String((await arrived)[0])).toBe("hello?\n");
    expect(streams.said.at(-1)).toBe("nothing came for 200 ms: 1 datagram got no reply");
  });
});

describe("nc -u -l", () => {
  it("prints every datagram on a line of its own, and sends stdin to the first sender", async () => {
    const stop = new AbortController();
    const streams = new TestStreams();
    const nc = listenUdp({ ...optionsFor(0), signal: stop.signal }, streams.io);
    const port = portIn(await streams.waitToSay(/^listening on /));

    const client = await udpSocket();
    client.send("ping", port, "127.0.0.1");
    client.send("ping again\n", port, "127.0.0.1");
    await streams.waitForOutput("ping again\n");
    expect(streams.text).toBe("ping\nping again\n");

    const reply = once(client, "message");
    streams.input.write("pong\n");
    expect(String((await reply)[0])).toBe("pong\n");
    stop.abort();
    await nc;
  });
});
