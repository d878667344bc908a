import diagnosticsChannel from "node:diagnostics_channel";
import { once } from "node:events";
import net from "node:net";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { liveBytes } from "./live-bytes.ts";

const DEADLINE_MS = 20_000;

/** Both ends of one connection to a server running in this process. */
export interface BothEnds {
  client: net.Socket;
  /** The server's side, as it accepted it. */
  server: net.Socket;
}

/**
 * Connects to a server in this process (started with startInProcess) and finds the server's
 * side of the connection, through `net.server.socket`, where Node publishes every socket a
 * server accepts: a test can then see what the server has read.
 */
export async function connectBothEnds(port: number, host = "127.0.0.1"): Promise<BothEnds> {
  const accepted: net.Socket[] = [];
  const onAccepted = (message: unknown) => accepted.push((message as { socket: net.Socket }).socket);
  diagnosticsChannel.subscribe("net.server.socket", onAccepted);
  try {
    const client = net.connect(port, host);
    client.on("error", () => {});
    await once(client, "connect");
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const server = accepted.find((socket) => socket.remotePort === client.localPort);
      if (server !== undefined) return { client, server };
      if (Date.now() > deadline) throw new Error("the server did not accept the connection");
      await sleep(1);
    }
  } finally {
    diagnosticsChannel.unsubscribe("net.server.socket", onAccepted);
  }
}

/**
 * What it costs a server in this process to hold a message that arrives one byte per read:
 * bytes of live memory (liveBytes) per byte, while `count` bytes are written one per write,
 * each in a turn of the event loop of its own. The first fifth is not counted: it pays the
 * connection's fixed costs (code compiled on first use, first buffers), which are not per byte.
 */
export async function memoryPerByteDribbled(ends: BothEnds, count: number, byte = 0x61): Promise<number> {
  ends.client.setNoDelay(true);
  const warmUp = Math.floor(count / 5);
  await dribble(ends, warmUp, byte);
  const before = liveBytes();
  await dribble(ends, count - warmUp, byte);
  return (liveBytes() - before) / (count - warmUp);
}

/** Writes `count` bytes one per write, and waits until the server has read every one. */
async function dribble({ client, server }: BothEnds, count: number, byte: number): Promise<void> {
  const one = Buffer.from([byte]);
  for (let sent = 0; sent < count; sent++) {
    client.write(one);
    await nextTurn(); // each byte goes out, and is read, on its own
  }
  const deadline = Date.now() + DEADLINE_MS;
  while (server.bytesRead < client.bytesWritten) {
    if (Date.now() > deadline) throw new Error(`the server read ${server.bytesRead} of ${client.bytesWritten} bytes`);
    await sleep(10);
  }
}
