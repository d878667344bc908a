import diagnostics from "node:diagnostics_channel";
import type net from "node:net";

/** How long clients get to finish when a server stops, before they are cut off. */
export const SHUTDOWN_GRACE_MS = 1000;
/** On SIGINT/SIGTERM a server exits 0 within 2 seconds, whatever its clients do (packages/cli/README.md). */
export const SHUTDOWN_DEADLINE_MS = 1800;

/**
 * The connections a server has accepted and not yet closed, as Node announces them on the
 * `net.server.socket` diagnostics channel: the lesson does not have to keep a list itself.
 */
export function trackAcceptedSockets(): Set<net.Socket> {
  const open = new Set<net.Socket>();
  diagnostics.subscribe("net.server.socket", (message) => {
    const { socket } = message as { socket: net.Socket };
    void socket.remoteAddress; // asked now, while connected, Node keeps it for `withClientAddress`
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  return open;
}

/**
 * A graceful stop, once the listening socket is closed (the lesson's `signal` does that): end
 * every client after what is queued for it has been written (end() sends FIN after the
 * queue), and cut off, after `graceMs`, any client that will not close: one that stopped
 * reading would otherwise keep the server alive forever. Resolves when all are closed.
 */
export async function closeClients(open: Set<net.Socket>, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  const clients = [...open];
  for (const socket of clients) socket.end();
  const cutOff = setTimeout(() => {
    for (const socket of clients) socket.destroy();
  }, graceMs);
  await Promise.all(
    clients.map((socket) => (socket.closed ? undefined : new Promise((done) => socket.once("close", done)))),
  );
  clearTimeout(cutOff);
}

/**
 * The error, with the address of the client whose connection it ended, for the message: a
 * reset (ECONNRESET) names no address, and a server's own address is not the peer. The
 * connection is still among `open` when its error reaches the server's code (a stream keeps
 * the error that destroyed it in `errored`; 'close' comes after).
 */
export function withClientAddress(error: unknown, open: Set<net.Socket>): unknown {
  if (!(error instanceof Error) || "address" in error) return error;
  const socket = [...open].find((candidate) => candidate.errored === error);
  return socket === undefined
    ? error
    : Object.assign(error, { address: socket.remoteAddress, port: socket.remotePort });
}
