import type { Socket } from "node:net";

/** Sockets holding replies back in this turn of the event loop, until `sendHeldReplies`. */
const holding: Socket[] = [];
/**
 * At most this many at once: when thousands of clients ask in the same turn, holding every
 * reply to the end would keep them all in memory together; a burst of this many is enough.
 */
const MOST_HELD = 128;

function sendHeldReplies(): void {
  for (const socket of holding.splice(0)) socket.uncork();
}

/**
 * Makes a server socket hold its replies back (`cork`) from the moment a chunk of requests
 * arrives until Node has read every client that had something to say in this turn of the
 * event loop, then send them (`uncork`, in `setImmediate`, which runs right after that).
 *
 * Why: a busy server reads requests from many clients in one turn. Writing each reply at
 * once interleaves system calls with JavaScript, and each write may have to wake a client
 * that had gone back to sleep, which costs the writer far more than the write. Held back,
 * the replies go out in one burst: the replies to one client's chunk in one system call
 * (its pipelined requests get one packet instead of many), and every client woken once.
 * Nothing waits longer than that turn of the loop.
 */
export function sendRepliesTogether(socket: Socket): void {
  socket.on("data", () => {
    if (socket.writableCorked > 0) return; // already holding for this turn
    if (holding.length === MOST_HELD) sendHeldReplies();
    socket.cork();
    if (holding.push(socket) === 1) setImmediate(sendHeldReplies);
  });
}
