import type { Socket } from "node:net";
import { openConnections } from "./load.ts";

export interface HoldResult {
  opened: number;
  connectFailures: number;
  served: number;
  refused: Record<string, number>;
}

/** Clients that connect and ask at the same time; the next wave comes once they are answered. */
const WAVE = 200;

/**
 * Opens `count` connections and has each make one `request` and wait for its reply, all
 * staying open: what a server pays for many clients that are connected but quiet. Clients
 * arrive in waves, each asking as soon as it is connected, as clients arriving over time
 * would: the memory measured is then that of the open connections, not of ten thousand
 * requests answered in the same instant (that is a load test, which the rest of the
 * benchmark does). Returns once every reply has come (or `timeoutMs` has passed for a
 * wave), with the connections still open, so that the caller can measure the server;
 * `close` then closes them.
 */
export async function holdConnections(host: string, port: number, count: number, request: string, timeoutMs = 60_000) {
  const result: HoldResult = { opened: 0, connectFailures: 0, served: 0, refused: {} };
  const sockets: Socket[] = [];
  for (let first = 0; first < count; first += WAVE) {
    const wave = await openConnections(host, port, Math.min(WAVE, count - first));
    result.connectFailures += wave.failures;
    result.opened += wave.sockets.length;
    sockets.push(...wave.sockets);
    await Promise.all(wave.sockets.map((socket) => askOnce(socket, request, timeoutMs, result)));
  }
  const close = () => {
    for (const socket of sockets) socket.destroy();
  };
  return { result, close };
}

/** Sends `request` and counts the reply as served or refused (by its error code). */
function askOnce(socket: Socket, request: string, timeoutMs: number, result: HoldResult): Promise<void> {
  return new Promise<void>((resolve) => {
    let head = "";
    const timer = setTimeout(resolve, timeoutMs);
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1", 0, Math.min(chunk.length, 64));
      if (!chunk.includes(0x0a)) return;
      const code = head.startsWith('{"ok":false') ? (/"code":"([A-Z_]+)"/.exec(head)?.[1] ?? "UNKNOWN") : undefined;
      if (code === undefined) result.served += 1;
      else result.refused[code] = (result.refused[code] ?? 0) + 1;
      socket.removeAllListeners("data");
      socket.resume(); // a later close by the server is still seen
      clearTimeout(timer);
      resolve();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.write(request);
  });
}
