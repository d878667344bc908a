// Lesson v5: a concurrent server. The v4 protocol, served to any number of clients at once,
// all sharing one product list, until the server is stopped (Ctrl-C). Each client's session
// is the same as in v4; what changes is how connections are accepted.
import { once } from "node:events";
import net from "node:net";
import {
  booleanFlag,
  closeGracefully,
  describeError,
  drained,
  encodeLine,
  type FlagValues,
  failure,
  formatAddress,
  integerFlag,
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
  sendRepliesTogether,
  serverFlags,
  TimeoutError,
  traceSocket,
  trackClients,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter v5 start:server -- [options]",
  summary: "v5 server: keeps one product list for many clients at once (add, list, quit), until stopped.",
  flags: {
    ...serverFlags(12005),
    "max-clients": integerFlag("clients served at once; the next one gets BUSY", 10_000, { min: 1, max: 1_000_000 }),
    "idle-timeout": integerFlag(
      "seconds before an idle or stalled client is closed",
      300,
      { min: 1, max: 86_400 },
      "S",
    ),
    quiet: booleanFlag("do not log each client's connect and disconnect"),
  },
};

export type ServerOptions = FlagValues<typeof serverCommand.flags>;

/** The requests this lesson answers; any other op gets UNKNOWN_OP. */
const KNOWN_OPS = ["add", "list", "quit"] as const;

export async function startServer(options: ServerOptions, io: LessonIO): Promise<RunningServer> {
  const products = new ProductList(); // one list, shared by every client

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
    finished: serveClients(server, products, options, io),
    close: () => closeGracefully(server, clients),
  };
}

async function serveClients(server: net.Server, products: ProductList, options: ServerOptions, io: LessonIO) {
  let connections = 0;
  let serving = 0;
  // accept: every connection, for as long as the server runs. No thread per client: each
  // session is an async function, and Node's event loop runs whichever one has bytes to
  // read, so thousands of mostly idle clients cost only their memory.
  server.on("connection", async (socket: net.Socket) => {
    const client = `client ${++connections} (${formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0)})`;
    if (serving >= options["max-clients"]) {
      // Too many at once: say so, and close, rather than let every client slow down.
      socket.end(
        encodeLine(failure("BUSY", `the server is serving ${options["max-clients"]} clients; try again later`)),
      );
      socket.setTimeout(1000, () => socket.destroy());
      return;
    }
    // A client that sends nothing, or stops reading its replies, is closed after a while:
    // each open connection holds memory and a file descriptor.
    const idleMilliseconds = options["idle-timeout"] * 1000;
    socket.setTimeout(idleMilliseconds, () =>
      socket.destroy(new TimeoutError(idleMilliseconds, "the client to send a request or read a reply")),
    );
    // Replies to what every client sent in one turn of the event loop go out together at
    // its end: fewer system calls, and each client woken once (see sendRepliesTogether).
    sendRepliesTogether(socket);
    if (!options.quiet) io.log(`${client} connected`);
    serving += 1;
    try {
      await serveClient(socket, products, options, io);
    } catch (error) {
      io.error(`${client}: ${describeError(error, options)}`); // one client's trouble, never the whole server's
    } finally {
      serving -= 1;
      if (!options.quiet) io.log(`${client} disconnected`);
    }
  });
  await once(server, "close"); // after Ctrl-C, once every client is gone
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
