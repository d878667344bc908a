// Lesson v1: connect. The client opens a connection to the server, prints where it got
// to, and closes it. Nothing is said yet: this step is only about connecting.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, and then for the server to close it. */
  timeout: number;
}

export async function runClient(options: ClientOptions, console: Console): Promise<void> {
  // connect: resolve the host name, then open a TCP connection (the three-way handshake).
  const socket = net.connect({ host: options.host, port: options.port });
  // A timeout: without one, a client whose server never answers waits forever. The socket
  // calls us after `timeout` ms with nothing happening; we end it with an error that says
  // what we were waiting for.
  let waitingFor = `a connection to ${formatAddress(options.host, options.port)}`;
  socket.setTimeout(options.timeout, () => {
    socket.destroy(new Error(`timed out after ${options.timeout} ms waiting for ${waitingFor}`));
  });
  await once(socket, "connect");
  // The address we really reached: "localhost" may have become 127.0.0.1 or ::1.
  console.log(`connected to ${formatAddress(socket.remoteAddress, socket.remotePort)}`);

  // close: end() sends FIN; keep reading (resume) until the server's FIN arrives too.
  waitingFor = "the server to close the connection";
  socket.end();
  socket.resume();
  await once(socket, "close");
}
