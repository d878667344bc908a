// What an unfinished message costs a server: many connections each send part of a line (v5,
// the exercise), of a frame (v3) or of a stream held back by the weather (--delay), one byte
// per write, and the server's resident memory is read before and after. The figure is bytes
// of server memory per byte sent, and per connection. (The weather stops reading a sender
// once its hold is full: past that, the bytes sent wait in the kernel, and the figure per
// connection is the one that says what the hold costs.) A measurement, not a timed test.
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { LessonProcess, residentBytes, untilIdle } from "@socket-lessons/testing";

const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../..");

export const PENDING_TARGETS = ["v5", "exercise", "v3", "weather"] as const;
export type PendingTarget = (typeof PENDING_TARGETS)[number];

export interface PendingResult {
  target: PendingTarget;
  connections: number;
  /** Bytes each connection sent, one per write. */
  bytesEach: number;
  residentBefore: number;
  residentAfter: number;
  /** (after - before) / (connections * bytesEach). */
  bytesPerBytePending: number;
}

interface Target {
  process: LessonProcess;
  ports: number[];
  /** Bytes a connection sends first, in one write (v3's frame header). */
  opening: Buffer;
  /** One byte of the message, sent again and again (never "\n", so a line never ends). */
  filler: number;
  stop(): void;
}

/** The --delay the weather holds each chunk for: far longer than the measurement lasts. */
const WEATHER_DELAY_MS = 60_000;

async function startTarget(target: PendingTarget, connections: number, bytesEach: number): Promise<Target> {
  const scratch = mkdtempSync(path.join(tmpdir(), "socket-lessons-pending-"));
  const cleanups: Array<() => void> = [() => rmSync(scratch, { recursive: true, force: true })];
  const stop = () => {
    for (const cleanup of cleanups.reverse()) cleanup();
  };
  try {
    if (target === "v5" || target === "exercise") {
      const db = target === "exercise" ? ["--db", path.join(scratch, "products.db")] : [];
      const server = new LessonProcess(
        path.join(REPOSITORY_ROOT, "apps", target),
        "start:server",
        ["--port", "0", ...db],
        { direct: true },
      );
      cleanups.push(() => server.signal("SIGKILL"));
      const port = await server.listeningPort();
      return { process: server, ports: Array(connections).fill(port), opening: Buffer.alloc(0), filler: 0x61, stop };
    }
    if (target === "v3") {
      // v3 serves one client and exits: one process runs as many v3 servers as connections.
      const ports: number[] = [];
      const servers = new LessonProcess(path.join(REPOSITORY_ROOT, "packages", "bench"), "", [String(connections)], {
        command: [process.execPath, "--import", "tsx", path.join(import.meta.dirname, "bin", "v3-servers.ts")],
        onLine: (stream, line) => {
          if (stream === "out" && line.startsWith("listening on ")) ports.push(Number(line.split(":").at(-1)));
        },
      });
      cleanups.push(() => servers.signal("SIGKILL"));
      await servers.waitForLine(/^all listening$/);
      // The frame announces one byte more than is sent: it never completes.
      const header = Buffer.alloc(4);
      header.writeUInt32BE(bytesEach + 1);
      return { process: servers, ports, opening: header, filler: 0x61, stop };
    }
    // The weather, in front of a server that reads and drops everything.
    const sink = net.createServer((socket) => {
      socket.on("error", () => {});
      socket.resume();
    });
    sink.listen(0, "127.0.0.1");
    await once(sink, "listening");
    cleanups.push(() => sink.close());
    const sinkPort = (sink.address() as net.AddressInfo).port;
    const weather = new LessonProcess(
      REPOSITORY_ROOT,
      "weather",
      ["--to", `127.0.0.1:${sinkPort}`, "--port", "0", "--delay", String(WEATHER_DELAY_MS)],
      { direct: true },
    );
    cleanups.push(() => weather.signal("SIGKILL"));
    const port = await weather.listeningPort();
    return { process: weather, ports: Array(connections).fill(port), opening: Buffer.alloc(0), filler: 0x61, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function openAll(ports: number[]): Promise<net.Socket[]> {
  return Promise.all(
    ports.map(async (port) => {
      const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
      socket.on("error", () => {});
      await once(socket, "connect");
      socket.resume(); // drop what the server says (v3's greeting)
      return socket;
    }),
  );
}

/**
 * Sends `bytesEach` bytes on every socket, one byte per write, in rounds: one byte to each
 * socket, then a pause of `pauseMs` (0: a turn of the event loop). With 1 ms, each byte
 * arrives at the server as a read of its own, or nearly (measured with a bare Node server:
 * 1.02 bytes per read; with no pause, 1.4).
 */
async function dribble(sockets: net.Socket[], bytesEach: number, filler: number, pauseMs: number): Promise<void> {
  const byte = Buffer.from([filler]);
  for (let sent = 0; sent < bytesEach; sent++) {
    for (const socket of sockets) socket.write(byte);
    await (pauseMs > 0 ? sleep(pauseMs) : nextTurn());
    // Wait for the kernel to take the writes whenever the server falls behind.
    for (const socket of sockets) if (socket.writableLength > 0) await once(socket, "drain");
  }
}

export async function measurePendingMemory(
  target: PendingTarget,
  connections: number,
  bytesEach: number,
  pauseMs = 1,
  progress: (line: string) => void = () => {},
): Promise<PendingResult> {
  const started = await startTarget(target, connections, bytesEach);
  const sockets: net.Socket[] = [];
  try {
    sockets.push(...(await openAll(started.ports)));
    for (const socket of sockets) if (started.opening.length > 0) socket.write(started.opening);
    await untilIdle(started.process.pid, 5);
    const residentBefore = residentBytes(started.process.pid);
    progress(`${target}: ${connections} connections open, ${mib(residentBefore)}; sending ${bytesEach} bytes each`);
    await dribble(sockets, bytesEach, started.filler, pauseMs);
    await untilIdle(started.process.pid, 5);
    const residentAfter = residentBytes(started.process.pid);
    const stillOpen = sockets.filter((socket) => !socket.destroyed).length;
    if (stillOpen < connections)
      progress(`${target}: ${connections - stillOpen} connections were closed by the server`);
    return {
      target,
      connections,
      bytesEach,
      residentBefore,
      residentAfter,
      bytesPerBytePending: (residentAfter - residentBefore) / (connections * bytesEach),
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    started.stop();
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
