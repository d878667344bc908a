// The hold limit bounds the proxy's memory, not only its bytes: a sender writing one byte at a
// time is stopped after about 2,000 chunks, not after a million (some 400 MB). A stream with
// Node's own behaviour stands in for the sockets, so that what the forwarder holds is all
// there is to see.
import diagnosticsChannel from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { liveBytes } from "@socket-lessons/testing";
import { afterEach, expect, it } from "vitest";
import { Random } from "../src/random.ts";
import { SOCKET_BUFFER_BYTES } from "../src/tcp-connection.ts";
import { CHUNK_COST_BYTES, HOLD_LIMIT_BYTES, TcpForwarder } from "../src/tcp-forwarder.ts";
import { startWeather } from "../src/weather.ts";
import { closeAll, connect, onCleanup, RecordingConsole, startTcpServer } from "./helpers.ts";

const teardown = new AbortController();
afterEach(() => teardown.abort());
afterEach(closeAll);

it("a sender writing one byte at a time is paused once its chunks cost the hold limit in memory", async () => {
  const source = new PassThrough();
  const target = new PassThrough();
  // --delay 60000: every chunk is held for a minute, far longer than the test.
  const weather = { slice: 0, coalesce: 0, delay: 60_000, jitter: 0 };
  const forwarder = new TcpForwarder(
    source as unknown as Socket,
    target as unknown as Socket,
    weather,
    new Random(1),
    teardown.signal,
    () => {},
  );
  forwarder.run().catch(() => {});

  const before = liveBytes();
  let sent = 0;
  // Each chunk a Buffer of its own, as a socket's reads are; at most 100,000 of them.
  while (!source.isPaused() && sent < 100_000) {
    source.write(Buffer.alloc(1, 0x61));
    sent += 1;
    await nextTurn();
  }
  const held = liveBytes() - before;

  expect(source.isPaused()).toBe(true);
  expect(forwarder.bufferedBytes).toBeLessThanOrEqual(Math.ceil(HOLD_LIMIT_BYTES / (1 + CHUNK_COST_BYTES)));
  // What the chunks really cost, with room to spare: far below the 100,000 chunks' 30 MB or more.
  expect(held).toBeLessThan(2 * HOLD_LIMIT_BYTES);
});

it("the proxy's sockets keep at most one chunk in their own buffers once it stops reading a sender", async () => {
  // Node reads on after pause() until a socket's buffer holds its readableHighWaterMark in
  // bytes: by default 16 KiB (64 KiB from Node 22), thousands of one-byte chunks.
  const opened: Socket[] = [];
  const onSocket = (message: unknown) => {
    opened.push((message as { socket: Socket }).socket);
  };
  for (const channel of ["net.server.socket", "net.client.socket"]) {
    diagnosticsChannel.subscribe(channel, onSocket);
    onCleanup(() => {
      diagnosticsChannel.unsubscribe(channel, onSocket);
    });
  }
  const port = await startTcpServer((socket) => socket.resume());
  const weather = await startWeather({ to: { host: "127.0.0.1", port } }, new RecordingConsole());
  onCleanup(() => weather.close());
  const client = await connect(weather.address.port);
  const proxySides = () =>
    opened.filter(
      (socket) => socket !== client && (socket.localPort === weather.address.port || socket.remotePort === port),
    );
  while (proxySides().length < 2) await nextTurn(); // accepted, then connected to the server
  for (const socket of proxySides()) expect(socket.readableHighWaterMark).toBe(SOCKET_BUFFER_BYTES);
});
