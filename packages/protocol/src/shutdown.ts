import type { Socket } from "node:net";

/**
 * Waits until every socket has closed, giving them `graceMilliseconds` to finish politely
 * (flush what is queued, exchange FINs) before destroying the ones still open. A client that
 * stopped reading would otherwise keep the server from ever exiting.
 */
export async function closeWithin(sockets: Iterable<Socket>, graceMilliseconds: number): Promise<void> {
  const open = [...sockets].filter((socket) => !socket.closed);
  if (open.length === 0) return;
  const timer = setTimeout(() => {
    for (const socket of open) socket.destroy();
  }, graceMilliseconds);
  await Promise.all(open.map((socket) => new Promise((resolve) => socket.once("close", resolve))));
  clearTimeout(timer);
}
