// Lesson: a TCP echo server. It sends every byte it receives back to whoever sent it,
// serving each client independently, until it is stopped (Ctrl-C).
import { once } from "node:events";
import net from "node:net";
import {
  closeGracefully,
  describeError,
  type FlagValues,
  formatAddress,
  type LessonIO,
  listeningLine,
  type RunningServer,
  serverFlags,
  traceSocket,
  trackClients,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter echo start:server -- [options]",
  summary: "TCP echo server: sends every byte back to the client that sent it, until stopped.",
  flags: serverFlags(12000),
};

export type ServerOptions = FlagValues<typeof serverCommand.flags>;

export async function startServer(options: ServerOptions, io: LessonIO): Promise<RunningServer> {
  // createServer makes a listening socket; the function runs once per accepted connection,
  // with a new socket for that one client. (Python: `conn, addr = s.accept()` in a loop.)
  // allowHalfOpen: when the client says "I am done sending" (FIN), our side stays open, so
  // we can still send it the rest of its echo before we end the connection ourselves.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const peer = formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0);
    if (options.trace) traceSocket(socket, io);
    io.log(`client connected from ${peer}`);

    // recv: `data` brings whatever bytes have arrived, in chunks of any size. An echo
    // server does not care where messages start or end: every chunk goes straight back.
    socket.on("data", (chunk: Buffer) => {
      // send: write() queues the bytes. It returns false when the queue is full (the client
      // is not reading): stop reading from it until the queue drains, or a client that
      // sends without reading could make us buffer without limit.
      if (!socket.write(chunk)) {
        socket.pause();
        socket.once("drain", () => socket.resume());
      }
    });
    // The client has sent everything (its FIN arrived): end our side too, once all the
    // echo queued so far has been written.
    socket.on("end", () => socket.end());
    // A client that vanishes (reset, broken pipe) only ends its own connection.
    socket.on("error", (error) => io.error(`client ${peer}: ${describeError(error, options)}`));
    socket.on("close", () => io.log(`client ${peer} disconnected`));
  });
  const clients = trackClients(server);

  // bind + listen: take the address and port, and start accepting connections.
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  server.listen(options.port, options.host);
  await once(server, "listening");
  const address = server.address() as net.AddressInfo;
  io.log(listeningLine(address));

  return {
    address,
    finished: once(server, "close").then(() => undefined),
    // Ctrl-C: stop accepting, let each client get the echo already queued, then close.
    close: () => closeGracefully(server, clients),
  };
}
