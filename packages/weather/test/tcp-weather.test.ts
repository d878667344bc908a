import { once } from "node:events";
import type net from "node:net";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { DIRECTION_LABEL } from "../src/direction.ts";
import type { WeatherOptions } from "../src/options.ts";
import { Random } from "../src/random.ts";
import { sliceSizes } from "../src/slicer.ts";
import { HOLD_LIMIT_BYTES } from "../src/tcp-forwarder.ts";
import { startTcpWeather } from "../src/tcp-weather.ts";
import { startWeather } from "../src/weather.ts";
import {
  closeAll,
  closed,
  connect,
  noise,
  onCleanup,
  RecordingConsole,
  readAll,
  startEchoServer,
  startTcpServer,
  unusedPort,
} from "./helpers.ts";

afterEach(closeAll);

const seeds = fc.integer({ min: 0, max: 2 ** 32 - 1 });

/** Starts the proxy in front of `port`, closed after the test. */
async function weatherTo(port: number, options: Omit<WeatherOptions, "to"> = {}, console = new RecordingConsole()) {
  const weather = await startWeather({ to: { host: "127.0.0.1", port }, ...options }, console);
  onCleanup(() => weather.close());
  return weather;
}

/** Sends `payload` through the proxy to an echo server, half-closes, and returns the echo. */
async function echoThrough(
  echoPort: number,
  options: Omit<WeatherOptions, "to">,
  payload: Uint8Array,
): Promise<Buffer> {
  const weather = await weatherTo(echoPort, options);
  try {
    const client = await connect(weather.address.port);
    client.end(payload);
    return await readAll(client);
  } finally {
    await weather.close();
  }
}

/**
 * Payloads from a byte to `maxLength` bytes, the large ones as likely as the small (fast-check
 * alone favours short arrays and the bounds).
 */
const payloads = (maxLength: number) =>
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: Math.floor(maxLength / 3), max: maxLength })),
      seeds,
    )
    .map(([length, seed]) => noise(length, seed));

describe("TCP weather: the bytes themselves never change", () => {
  it("random payloads come back exactly and in order through --slice", async () => {
    const echo = await startEchoServer();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 512, max: 16_384 }), seeds, payloads(300_000), async (slice, seed, bytes) => {
        // At most ~100 slices each way: each one pauses, and the whole run must stay quick.
        const payload = bytes.subarray(0, slice * 50);
        expect((await echoThrough(echo, { slice, seed }, payload)).equals(payload)).toBe(true);
      }),
      { numRuns: 4 },
    );
  });

  it("random payloads come back exactly and in order through --coalesce", async () => {
    const echo = await startEchoServer();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), seeds, payloads(300_000), async (coalesce, seed, payload) => {
        expect((await echoThrough(echo, { coalesce, seed }, payload)).equals(payload)).toBe(true);
      }),
      { numRuns: 4 },
    );
  });

  it("random payloads come back exactly and in order through --delay and --jitter", async () => {
    const echo = await startEchoServer();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        seeds,
        payloads(300_000),
        async (delay, jitter, seed, payload) => {
          expect((await echoThrough(echo, { delay, jitter, seed }, payload)).equals(payload)).toBe(true);
        },
      ),
      { numRuns: 4 },
    );
  });

  it("random payloads come back exactly and in order with slice, coalesce, delay and jitter together", async () => {
    const echo = await startEchoServer();
    await fc.assert(
      fc.asyncProperty(seeds, payloads(200_000), async (seed, payload) => {
        const options = { slice: 8192, coalesce: 5, delay: 10, jitter: 10, seed };
        expect((await echoThrough(echo, options, payload)).equals(payload)).toBe(true);
      }),
      { numRuns: 2 },
    );
  });
});

describe("TCP weather: chunk boundaries", () => {
  it("--slice 1 makes a Node receiver see (nearly) one read per byte", async () => {
    // Not every time all of them: when the receiver is not scheduled for a moment, two bytes
    // wait in its socket together and one read takes both (see SLICE_PAUSE_MS). Most must.
    const message = "Hello, world\n";
    const reads: number[] = [];
    const server = await startTcpServer((socket) => {
      socket.on("data", (chunk: Buffer) => reads.push(chunk.length));
      socket.on("end", () => socket.end());
    });
    const weather = await weatherTo(server, { slice: 1 });
    const client = await connect(weather.address.port);
    client.end(message);
    await readAll(client);
    expect(reads.reduce((sum, size) => sum + size, 0)).toBe(message.length);
    expect(reads.length).toBeGreaterThanOrEqual(message.length - 3);
  });

  it("toward the server only: what the client sends is cut, what the server answers comes as it was written", async () => {
    const message = "Hello, world\n";
    const answer = Buffer.alloc(2000, "a");
    const reads: number[] = [];
    const server = await startTcpServer((socket) => {
      socket.on("data", (chunk: Buffer) => reads.push(chunk.length));
      socket.on("end", () => socket.end(answer));
    });
    const weather = await weatherTo(server, { slice: 1, toward: "server" });
    const client = await connect(weather.address.port);
    const answerReads: number[] = [];
    client.on("data", (chunk: Buffer) => answerReads.push(chunk.length));
    client.end(message);
    await once(client, "end");
    expect(reads.length).toBeGreaterThanOrEqual(message.length - 3);
    expect(answerReads.reduce((sum, size) => sum + size, 0)).toBe(answer.length);
    // Sliced, 2000 bytes would take hundreds of reads; passed as they come, a handful.
    expect(answerReads.length).toBeLessThan(20);
  });

  it("--coalesce merges many small writes into a few reads", async () => {
    const reads: Buffer[] = [];
    const server = await startTcpServer((socket) => {
      socket.on("data", (chunk: Buffer) => reads.push(chunk));
      socket.on("end", () => socket.end());
    });
    const weather = await weatherTo(server, { coalesce: 300 });
    const client = await connect(weather.address.port);
    client.setNoDelay(true);
    // Twenty writes, each handed to the kernel before the next: without the proxy they would
    // mostly arrive as reads of their own.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => client.write(`${i % 10}`, resolve));
    client.end();
    await readAll(client);
    expect(Buffer.concat(reads).toString()).toBe("01234567890123456789");
    expect(reads.length).toBeLessThanOrEqual(3);
  });

  it("the same seed and the same bytes give the same chunks end to end", async () => {
    const echo = await startEchoServer();
    const payload = Buffer.alloc(3000, "x");
    const sizesFor = async (seed: number) => {
      const console = new RecordingConsole();
      const weather = await weatherTo(echo, { slice: 50, seed, trace: true }, console);
      const client = await connect(weather.address.port);
      client.end(payload);
      await readAll(client);
      await weather.close();
      return console.chunkSizes("client→server");
    };
    const first = await sizesFor(7);
    expect(await sizesFor(7)).toEqual(first);
    // And they are the slicer's: connection 1, direction client→server, the slicing stream.
    const stream = new Random(7).fork(1).fork(DIRECTION_LABEL["client→server"]).fork(1);
    expect(first).toEqual(sliceSizes(payload.length, 50, stream));
  });
});

describe("TCP weather: how connections end", () => {
  it("the client's FIN reaches the server after every byte, and the server can still answer", async () => {
    const server = await startTcpServer((socket) => {
      const received: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => received.push(chunk));
      // Half-open: the client has finished sending, but the connection still carries our answer.
      socket.on("end", () => socket.end(`got ${Buffer.concat(received).toString()}`));
    });
    const weather = await weatherTo(server, { slice: 3, delay: 20, jitter: 10 });
    const client = await connect(weather.address.port);
    client.end("every byte before the FIN");
    expect((await readAll(client)).toString()).toBe("got every byte before the FIN");
  });

  it("a reset from the server reaches the client as a reset", async () => {
    const server = await startTcpServer((socket) => socket.once("data", () => socket.resetAndDestroy()));
    const weather = await weatherTo(server);
    const client = await connect(weather.address.port);
    client.write("hello");
    const [error] = (await once(client, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNRESET");
  });

  it("a reset from the client reaches the server as a reset", async () => {
    const serverErrors: NodeJS.ErrnoException[] = [];
    let serverClosed: Promise<void> | undefined;
    const server = await startTcpServer((socket) => {
      socket.on("error", (error) => serverErrors.push(error));
      serverClosed = closed(socket);
      socket.once("data", () => client.resetAndDestroy());
    });
    const weather = await weatherTo(server);
    const client = await connect(weather.address.port);
    client.write("hello");
    await closed(client);
    await serverClosed;
    expect(serverErrors.map((error) => error.code)).toEqual(["ECONNRESET"]);
  });

  it("a target that refuses the connection closes the client's connection, and says why", async () => {
    const console = new RecordingConsole();
    const weather = await weatherTo(await unusedPort(), {}, console);
    const client = await connect(weather.address.port);
    client.resume();
    await closed(client);
    expect(console.lines.join("\n")).toMatch(/was refused: is the server running\?/);
  });

  it("close() closes the clients' connections and resolves", async () => {
    const echo = await startEchoServer();
    const weather = await weatherTo(echo, { delay: 10_000 });
    const client = await connect(weather.address.port);
    client.write("this will still be waiting for its delay");
    const clientClosed = closed(client);
    await weather.close();
    await clientClosed;
  });
});

describe("TCP weather: backpressure", () => {
  it("a client that reads slowly does not make the proxy buffer without bound", async () => {
    const total = 50 * 1024 * 1024;
    const block = Buffer.alloc(64 * 1024, 7);
    // The server sends 50 MB as fast as the connection takes it (waiting for 'drain').
    const server = await startTcpServer(async (socket: net.Socket) => {
      for (let sent = 0; sent < total; sent += block.length) {
        if (!socket.write(block)) await once(socket, "drain");
      }
      socket.end();
    });
    const weather = await startTcpWeather(
      {
        to: { host: "127.0.0.1", port: server },
        host: "127.0.0.1",
        port: 0,
        udp: false,
        slice: 0,
        coalesce: 0,
        delay: 0,
        jitter: 0,
        loss: 0,
        dup: 0,
        reorder: 0,
        seed: 1,
        trace: false,
        toward: "both",
        onDatagram: () => {},
        onForward: () => {},
      },
      new Random(1),
      new RecordingConsole(),
    );
    onCleanup(() => weather.close());
    const client = await connect(weather.address.port);

    // The client takes a chunk, then looks away for a millisecond: far slower than the server.
    let received = 0;
    let mostBuffered = 0;
    client.on("data", (chunk: Buffer) => {
      received += chunk.length;
      mostBuffered = Math.max(mostBuffered, weather.bufferedBytes());
      client.pause();
      setTimeout(() => client.resume(), 1);
    });
    await once(client, "end");
    expect(received).toBe(total);
    // The proxy's own queue, plus what Node's socket buffers hold around it.
    expect(mostBuffered).toBeGreaterThan(0);
    expect(mostBuffered).toBeLessThan(HOLD_LIMIT_BYTES + 1024 * 1024);
  });
});

describe("TCP weather: told of every write", () => {
  it("onForward hears each write as it is made, in its direction, and the sizes add up to the bytes", async () => {
    const echo = await startEchoServer();
    const heard = { "client→server": 0, "server→client": 0, writes: 0 };
    const weather = await weatherTo(echo, {
      slice: 3,
      seed: 5,
      onForward: (direction, bytes) => {
        heard[direction] += bytes;
        heard.writes += 1;
      },
    });
    const client = await connect(weather.address.port);
    client.end(Buffer.alloc(100, 0x61));
    expect((await readAll(client)).length).toBe(100);
    expect(heard["client→server"]).toBe(100);
    expect(heard["server→client"]).toBe(100);
    // Slices of 1 to 3 bytes toward the server, and again toward the client.
    expect(heard.writes).toBeGreaterThanOrEqual(2 * Math.ceil(100 / 3));
  });
});
