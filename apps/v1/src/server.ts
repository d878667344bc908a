// Lesson v1: connect. The server waits for one client, prints where it came from, closes
// the connection and exits. Nothing is said yet: this step is only about connecting.
import { once } from "node:events";
import net from "node:net";
import {
  closeGracefully,
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
  usage: "pnpm --filter v1 start:server -- [options]",
  summary: "v1 server: accepts one client, prints its address, closes the connection and exits.",
  flags: serverFlags(12001),
};

export type ServerOptions = FlagValues<typeof serverCommand.flags>;

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
  if (options.trace) traceSocket(socket, io);
  io.log(`client connected from ${formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0)}`);

  // close: end() sends FIN ("I will send nothing more"). We keep reading (resume) until the
  // client's FIN arrives too, so the connection closes cleanly on both sides.
  socket.end();
  socket.resume();
  await once(socket, "close");
}
