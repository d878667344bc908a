// The v5 task, solved: the concurrent server tells every other client when a product is
// added, with an event line `{"event":"added","product":PRODUCT}` that no one asked for. A
// client that does not read its events is dropped, so that it cannot fill our memory.
import { once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";
import {
  LineDecoder,
  MAX_REQUEST_LINE_BYTES,
  MessageTooLargeError,
  type Product,
  parseRequest,
  type Request,
} from "@socket-lessons/protocol";

/** How long a client may go on sending after our last reply and FIN, before it is cut off. */
const FIN_WAIT_MS = 1000;

/**
 * The most bytes of events that may wait in our memory for one client. A reply waits for
 * its client (we read no more of its requests until 'drain'), but an event cannot: we must
 * not make the adder, and every other client, wait for the slowest reader. So write()
 * queues events in our memory, and a client that lets more than this pile up is not
 * reading them: it is dropped. (What the system has taken, its socket buffers, a few MB
 * at most, is not ours to hold.) Why events only, not all of socket.writableLength: a list
 * reply may be megabytes, for a client that is reading it just fine. Why not "write()
 * returned false and no 'drain' within the idle timeout": events would go on piling up
 * for all that time, without a bound.
 */
const MAX_QUEUED_EVENT_BYTES = 1024 * 1024;

/** Why a client is dropped: its events pile up in our memory because it does not read them. */
class NotReadingError extends Error {
  constructor() {
    super("it does not read its events");
  }
}

/** Tells the other clients that a product was added: `(adder, product) => void`. */
type NotifyOthers = (adder: net.Socket, product: Product) => void;

export interface ServerOptions {
  host: string;
  port: number;
  /** Clients served at once; the next one gets BUSY. */
  maxClients: number;
  /** Seconds before an idle or stalled client is closed. */
  idleTimeout: number;
  /** Do not log each client's connect and disconnect. */
  quiet: boolean;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves clients until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // The products, by code: a Map finds a duplicate at once, and keeps the order of `add`.
  // One list, shared by every client.
  const products = new Map<number, Product>();
  // The clients being served, each with the bytes of events written to it that the system
  // has not taken yet: they are still in our memory.
  const clients = new Map<net.Socket, { queuedEventBytes: number }>();

  // An event for every client but the adder, which has its reply. It is written at once,
  // as the product is added, so the events go out in the order the products were added.
  const notifyOthers: NotifyOthers = (adder, product) => {
    const event = `${JSON.stringify({ event: "added", product })}\n`;
    const bytes = Buffer.byteLength(event);
    for (const [socket, queue] of clients) {
      // After quit (or TOO_LARGE) our FIN has gone: nothing may follow it.
      if (socket === adder || socket.writableEnded) continue;
      queue.queuedEventBytes += bytes;
      // write's callback runs once the system has taken the bytes (or the socket is gone).
      socket.write(event, () => {
        queue.queuedEventBytes -= bytes;
      });
      if (queue.queuedEventBytes > MAX_QUEUED_EVENT_BYTES) {
        clients.delete(socket);
        socket.destroy(new NotReadingError()); // its session ends with this error, logged below
      }
    }
  };

  // socket + bind + listen: a listening socket on the address and port we were given.
  const server = net.createServer();
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // accept: every connection, for as long as the server runs. No thread per client: each
  // session is an async function, and Node's event loop runs whichever one has bytes to
  // read, so thousands of mostly idle clients cost only their memory.
  let connections = 0;
  let serving = 0;
  server.on("connection", async (socket: net.Socket) => {
    const client = `client ${++connections} (${formatAddress(socket.remoteAddress, socket.remotePort)})`;
    if (serving >= options.maxClients) {
      // Too many at once: say so, and close, rather than let every client slow down.
      const most = `${options.maxClients} ${options.maxClients === 1 ? "client" : "clients"}`;
      const message = `the server is already serving ${most}, its most; try again later`;
      socket.end(`${JSON.stringify({ ok: false, error: { code: "BUSY", message } })}\n`);
      socket.resume(); // drop whatever it sends, until it closes (or is cut off, below)
      socket.setTimeout(FIN_WAIT_MS, () => socket.destroy());
      console.log(`${client} turned away: BUSY (${most} already)`);
      return;
    }
    // A client that sends nothing, or stops reading its replies, is closed after a while:
    // each open connection holds memory and a file descriptor. setTimeout counts the time
    // with nothing read and nothing written; our callback ends the session with an error.
    const idleMs = options.idleTimeout * 1000;
    socket.setTimeout(idleMs, () => {
      socket.destroy(
        new Error(`timed out after ${idleMs} ms waiting for the client to send a request or read a reply`),
      );
    });
    serving += 1;
    clients.set(socket, { queuedEventBytes: 0 });
    if (!options.quiet) console.log(`${client} connected`);
    try {
      await serveClient(socket, products, notifyOthers);
    } catch (error) {
      // One client's trouble (it vanished, left mid-line, idled, did not read) ends its
      // session, and nothing else.
      const how = error instanceof NotReadingError ? "dropped" : "left";
      console.error(`${client} ${how}: ${describeError(error)}`);
    } finally {
      clients.delete(socket);
      serving -= 1;
      if (!options.quiet) console.log(`${client} disconnected`);
    }
  });
  await once(server, "close"); // after Ctrl-C, once every client is gone
}

/** One client's session: a reply to every request line, in order, until quit or disconnect. */
async function serveClient(
  socket: net.Socket,
  products: Map<number, Product>,
  notifyOthers: NotifyOthers,
): Promise<void> {
  // recv: a chunk may hold part of a request line, or many of them (a client may send many
  // requests before it reads a reply: "pipelining"). The decoder (v2's framing, now in
  // packages/protocol) cuts the lines out, and refuses one over the limit before keeping it.
  const requests = new LineDecoder({ maxLineBytes: MAX_REQUEST_LINE_BYTES });
  let ended = false; // our last reply and our FIN have been sent
  for await (const chunk of socket) {
    // After our FIN we keep reading, and drop what comes, until the client's FIN ends this
    // loop: leaving it early would destroy the socket, and could lose our last reply (see v2).
    if (ended) continue;
    try {
      for (const line of requests.push(chunk)) {
        const parsed = parseRequest(line);
        if (parsed === undefined) continue; // a blank line: the protocol ignores it
        const reply = parsed.ok ? answer(parsed.request, products) : parsed.reply;
        // A product added (not refused): the others hear of it now, before any await below.
        if (parsed.ok && parsed.request.op === "add" && reply.ok) notifyOthers(socket, parsed.request.product);
        // send one reply line. write() returns false when the client is not reading its
        // replies: wait for 'drain' (reading no more requests meanwhile), rather than queue
        // replies in memory without limit.
        if (!socket.write(`${JSON.stringify(reply)}\n`)) await once(socket, "drain");
        if (parsed.ok && parsed.request.op === "quit") {
          ended = true;
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof MessageTooLargeError)) throw error;
      // The rest of that line cannot be trusted to be a request: say why, and hang up.
      const message = `a request line may be at most ${MAX_REQUEST_LINE_BYTES} bytes`;
      socket.write(`${JSON.stringify({ ok: false, error: { code: "TOO_LARGE", message } })}\n`);
      ended = true;
    }
    if (ended) {
      socket.end(); // close: our FIN, sent after the replies already queued
      // A client that goes on sending after our FIN is cut off after a while.
      setTimeout(() => socket.destroy(), FIN_WAIT_MS).unref();
    }
  }
  // The client closed its side. In the middle of a line, that is an error.
  if (!ended) requests.end();
}

/** The reply to one valid request. */
function answer(request: Request, products: Map<number, Product>) {
  switch (request.op) {
    case "add": {
      const { product } = request;
      if (products.has(product.code)) {
        const message = `a product with code ${product.code} already exists`;
        return { ok: false, error: { code: "DUPLICATE_CODE", message } };
      }
      products.set(product.code, product);
      return { ok: true, product };
    }
    case "list":
      return { ok: true, products: [...products.values()] };
    case "quit":
      return { ok: true };
  }
}
