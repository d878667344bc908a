// Lesson: a TCP echo client. It connects, sends one message, says it is done sending, and
// prints everything the server sends back until the server closes the connection.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, and then for the echo. */
  timeout: number;
  message: string;
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

  // send, then half-close: end() sends FIN, "I will send nothing more". The server echoes
  // what it has and closes its side; that is how we know the echo is complete.
  socket.write(options.message);
  socket.end();
  waitingFor = "the echo";

  // recv until the server closes: one read may return a single byte of the echo, so keep
  // reading until the end of the stream, never trusting one read to hold it all.
  const received: Buffer[] = [];
  for await (const chunk of socket) received.push(chunk);
  console.log(Buffer.concat(received).toString("utf8"));
}
