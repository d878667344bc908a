import type { Socket } from "node:net";

/**
 * Resolves when the socket's write queue has drained, or when the socket has closed (then
 * there is nothing left to wait for). Call it when `socket.write()` returned false: it means
 * the peer is not reading as fast as we write, and writing more would only grow the queue
 * in our memory.
 */
export function drained(socket: Socket): Promise<void> {
  if (socket.closed || !socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.on("drain", done);
    socket.on("close", done);
  });
}
