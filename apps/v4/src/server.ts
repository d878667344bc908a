// Lesson v4: a JSON product protocol. The server serves one client: it answers each request
// line (add, list, quit) with one reply line, in order, until the client quits or leaves.
// A message is one JSON object on one line of UTF-8 text ("JSON Lines").
import { once } from "node:events";
import net from "node:net";
import {
  closeGracefully,
  describeError,
  drained,
  encodeLine,
  type FlagValues,
  failure,
  formatAddress,
  isBlankLine,
  type LessonIO,
  LineDecoder,
  listeningLine,
  MAX_REQUEST_LINE_BYTES,
  MessageReader,
  MessageTooLargeError,
  ProductList,
  parseRequest,
  type Reply,
  type Request,
  type RunningServer,
  serverFlags,
  traceSocket,
  trackClients,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter v4 start:server -- [options]",
  summary: "v4 server: keeps a product list for one client (add, list, quit), then exits.",
  flags: serverFlags(12004),
};

export type ServerOptions = FlagValues<typeof serverCommand.flags>;

/** The requests this lesson answers; any other op gets UNKNOWN_OP. */
const KNOWN_OPS = ["add", "list", "quit"] as const;

export async function startServer(options: ServerOptions, io: LessonIO): Promise<RunningServer> {
  // socket + bind + listen: a listening socket on the address and port we were given.
  const server = net.createServer();
  const clients = trackClients(server);
  server.listen(options.port, options.host);
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const address = server.address() as net.AddressInfo;
  io.log(listeningLine(address));

  return {
    address,
    finished: serveOneClient(server, options, io),
    close: () => closeGracefully(server, clients),
  };
}

async function serveOneClient(server: net.Server, options: ServerOptions, io: LessonIO): Promise<void> {
  // accept: wait for a client. Node accepts connections for us and announces each one
  // with a `connection` event; awaiting it reads like Python's `conn, addr = s.accept()`.
  const [socket] = (await once(server, "connection")) as [net.Socket];
  server.close(); // one client only: stop accepting, so the next one is refused
  await serveClient(socket, new ProductList(), options, io);
}

/** One client's session: a reply to every request line, in order, until quit or disconnect. */
async function serveClient(socket: net.Socket, products: ProductList, options: ServerOptions, io: LessonIO) {
  if (options.trace) traceSocket(socket, io);
  // Who this is, for the log (a socket forgets its peer's address once it is closed).
  const peer = { host: socket.remoteAddress ?? "?", port: socket.remotePort ?? 0 };
  // recv request lines: each may come in many chunks, several may come in one (a client may
  // send many requests before reading a reply: "pipelining"). A line over the limit is
  // refused before it is buffered.
  const requests = new MessageReader(socket, new LineDecoder({ maxLineBytes: MAX_REQUEST_LINE_BYTES }));
  try {
    for (let line = await requests.next(); line !== undefined; line = await requests.next()) {
      if (isBlankLine(line)) continue;
      const parsed = parseRequest(line, KNOWN_OPS);
      const reply = parsed.ok ? answer(parsed.request, products) : parsed.reply;
      // send one reply line. write() returns false when the client is not reading its
      // replies: wait until it has, rather than queue replies in memory without limit.
      if (!socket.write(encodeLine(reply))) await drained(socket);
      if (parsed.ok && parsed.request.op === "quit") break;
    }
  } catch (error) {
    if (error instanceof MessageTooLargeError) {
      socket.write(encodeLine(failure("TOO_LARGE", `a request line may be at most ${MAX_REQUEST_LINE_BYTES} bytes`)));
    } else {
      // The client vanished or left mid-line: that ends its session, and nothing else.
      io.error(`client ${formatAddress(peer.host, peer.port)} left: ${describeError(error, peer)}`);
    }
  }
  // close: send FIN and wait for the client's, so the connection closes cleanly on both sides.
  await requests.finish();
}

/** The reply to one valid request. */
function answer(request: Request & { op: (typeof KNOWN_OPS)[number] }, products: ProductList): Reply {
  switch (request.op) {
    case "add":
      return products.add(request.product)
        ? { ok: true, product: request.product }
        : failure("DUPLICATE_CODE", `a product with code ${request.product.code} already exists`);
    case "list":
      return { ok: true, products: products.list() };
    case "quit":
      return { ok: true };
  }
}
