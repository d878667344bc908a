// Exercise: v5 plus `get` by code, with the products in a SQLite database instead of in
// memory, so that they survive a restart. The sockets are v5's, unchanged; what changes is
// where the products live, and one more request, added to the protocol here.
import { once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";
import {
  LineDecoder,
  MAX_REQUEST_LINE_BYTES,
  MessageTooLargeError,
  ProductCodeSchema,
  parseRequest,
  REQUESTS,
  type RequestOf,
} from "@socket-lessons/protocol";
import * as z from "zod/mini";
import { DatabaseError, ProductDatabase } from "./product-database.ts";

/** v4's requests, and one more: `{"op":"get","code":CODE}`, checked like the others. */
const EXERCISE_REQUESTS = {
  ...REQUESTS,
  get: z.strictObject({ op: z.literal("get"), code: ProductCodeSchema }),
};

/** How long a client may go on sending after our last reply and FIN, before it is cut off. */
const FIN_WAIT_MS = 1000;

export interface ServerOptions {
  host: string;
  port: number;
  /** The SQLite database file (`:memory:` for none). */
  db: string;
  /** Clients served at once; the next one gets BUSY. */
  maxClients: number;
  /** Seconds before an idle or stalled client is closed. */
  idleTimeout: number;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves clients until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // The products, in the database: one list, shared by every client.
  const products = ProductDatabase.open(options.db);

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
    console.log(`${client} connected`);
    try {
      await serveClient(socket, products);
    } catch (error) {
      // One client's trouble (it vanished, left mid-line, idled) ends its session, and nothing else.
      console.error(`${client} left: ${describeError(error)}`);
    } finally {
      serving -= 1;
      console.log(`${client} disconnected`);
    }
  });
  await once(server, "close"); // after Ctrl-C, once every client is gone
  products.close();
}

/** One client's session: a reply to every request line, in order, until quit or disconnect. */
async function serveClient(socket: net.Socket, products: ProductDatabase): Promise<void> {
  // recv: a chunk may hold part of a request line, or many of them (a client may send many
  // requests before it reads a reply: "pipelining"). The decoder (v2's framing, now in
  // packages/protocol) cuts the lines out, and refuses one over the limit before keeping it.
  const requests = new LineDecoder({ maxLineBytes: MAX_REQUEST_LINE_BYTES });
  let ended = false; // our last reply and our FIN have been sent
  for await (const chunk of socket) {
    // After our FIN we keep reading, and drop what comes, until the client's FIN ends this
    // loop: leaving it early would destroy the socket, and could lose our last reply (see v2).
    if (ended) continue;
    // One write for all the replies to this chunk, sent at the end of this turn of the event
    // loop (setImmediate), once Node has read every client that was ready: the system call
    // that wakes a client costs more than the write itself, and this way each client is woken once.
    socket.cork();
    setImmediate(() => socket.uncork());
    try {
      for (const line of requests.push(chunk)) {
        const parsed = parseRequest(line, EXERCISE_REQUESTS);
        if (parsed === undefined) continue; // a blank line: the protocol ignores it
        const reply = parsed.ok ? answer(parsed.request, products) : parsed.reply;
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
      // A client that goes on sending after our FIN, or never closes, is cut off after a while.
      const cutOff = new Error(`it did not close its side within ${FIN_WAIT_MS} ms of ours: cut off`);
      setTimeout(() => socket.destroy(cutOff), FIN_WAIT_MS).unref();
    }
  }
  // The client closed its side. In the middle of a line, that is an error.
  if (!ended) requests.end();
}

/** The reply to one valid request. */
function answer(request: RequestOf<typeof EXERCISE_REQUESTS>, products: ProductDatabase) {
  try {
    return answerFrom(products, request);
  } catch (error) {
    // The database could not do it (locked by another program, or failing): our trouble, not
    // the client's. Say what happened, and keep the connection: the next request may work.
    if (!(error instanceof DatabaseError)) throw error;
    return { ok: false, error: { code: "INTERNAL", message: error.message } };
  }
}

/** The reply to one valid request, from the database. */
function answerFrom(products: ProductDatabase, request: RequestOf<typeof EXERCISE_REQUESTS>) {
  switch (request.op) {
    case "add": {
      const { product } = request;
      if (!products.add(product)) {
        const message = `a product with code ${product.code} already exists`;
        return { ok: false, error: { code: "DUPLICATE_CODE", message } };
      }
      return { ok: true, product };
    }
    case "list":
      return { ok: true, products: products.list() };
    case "get": {
      const product = products.get(request.code);
      if (product === undefined)
        return { ok: false, error: { code: "NOT_FOUND", message: `no product has code ${request.code}` } };
      return { ok: true, product };
    }
    case "quit":
      return { ok: true };
  }
}
