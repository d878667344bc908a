// Lesson v4: a JSON product protocol. The server serves one client: it answers each request
// line (add, list, quit) with one reply line, in order, until the client quits or leaves.
// A message is one JSON object on one line of UTF-8 text ("JSON Lines").
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

export interface ServerOptions {
  host: string;
  port: number;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves one client, then returns; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // The products, by code: a Map finds a duplicate at once, and keeps the order of `add`.
  const products = new Map<number, Product>();

  // socket + bind + listen: a listening socket on the address and port we were given.
  const server = net.createServer();
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // accept: wait for a client. Node accepts connections for us and announces each one
  // with a `connection` event; awaiting it reads like Python's `conn, addr = s.accept()`.
  const [socket] = (await once(server, "connection")) as [net.Socket];
  server.close(); // one client only: stop accepting, so the next one is refused
  const client = `client ${formatAddress(socket.remoteAddress, socket.remotePort)}`;
  try {
    await serveClient(socket, products);
  } catch (error) {
    // The client vanished or left mid-line: that ends its session, and nothing else.
    console.error(`${client} left: ${describeError(error)}`);
  }
}

/** One client's session: a reply to every request line, in order, until quit or disconnect. */
async function serveClient(socket: net.Socket, products: Map<number, Product>): Promise<void> {
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
