import type { Server, Socket } from "node:net";

/** How long clients get to finish when a server stops, before they are cut off. */
export const SHUTDOWN_GRACE_MS = 1000;

/** The set of a server's open connections, kept up to date as clients come and go. */
export function trackClients(server: Server): Set<Socket> {
  const clients = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    clients.add(socket);
    socket.on("close", () => clients.delete(socket));
  });
  return clients;
}

/**
 * A graceful shutdown: stop accepting (server.close() alone leaves open connections open),
 * end every client after what is queued for it has been written (end() sends FIN after the
 * queue), and cut off, after `graceMilliseconds`, any client that will not close: one that
 * stopped reading would otherwise keep the server alive forever.
 */
export async function closeGracefully(
  server: Server,
  clients: Set<Socket>,
  graceMilliseconds = SHUTDOWN_GRACE_MS,
): Promise<void> {
  server.close();
  const open = [...clients];
  for (const socket of open) socket.end();
  const cutOff = setTimeout(() => {
    for (const socket of open) socket.destroy();
  }, graceMilliseconds);
  await Promise.all(
    open.map((socket) => (socket.closed ? undefined : new Promise((done) => socket.once("close", done)))),
  );
  clearTimeout(cutOff);
}
