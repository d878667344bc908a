// Lesson v1: connect. The server waits for one client, prints where it came from, closes
// the connection and exits. Nothing is said yet: this step is only about connecting.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

export interface ServerOptions {
  host: string;
  port: number;
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves one client, then returns; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
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
  console.log(`client connected from ${formatAddress(socket.remoteAddress, socket.remotePort)}`);

  // close: end() sends FIN ("I will send nothing more"). We keep reading (resume) until the
  // client's FIN arrives too, so the connection closes cleanly on both sides.
  socket.end();
  socket.resume();
  await once(socket, "close");
}
