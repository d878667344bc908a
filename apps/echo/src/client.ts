// Lesson: a TCP echo client. It connects, sends one message, says it is done sending, and
// prints everything the server sends back until the server closes the connection.
import { once } from "node:events";
import net from "node:net";
import {
  clientFlags,
  type FlagValues,
  failOnInactivity,
  formatAddress,
  type LessonIO,
  stringFlag,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter echo start:client -- [options]",
  summary: "TCP echo client: sends a message and prints what the server sends back.",
  flags: {
    ...clientFlags(12000),
    message: stringFlag("message to send", "Hello, world"),
  },
};

export type ClientOptions = FlagValues<typeof clientCommand.flags>;

export async function runClient(options: ClientOptions, io: LessonIO): Promise<undefined> {
  // connect: resolve the host name, then open a TCP connection (the three-way handshake).
  const socket = net.connect({ host: options.host, port: options.port });
  if (options.trace) traceSocket(socket, io);
  const timeout = failOnInactivity(
    socket,
    options.timeout,
    `a connection to ${formatAddress(options.host, options.port)}`,
  );
  await once(socket, "connect");

  // send, then half-close: end() sends FIN, "I will send nothing more". The server echoes
  // what it has and closes its side; that is how we know the echo is complete.
  socket.write(options.message);
  socket.end();
  timeout.waitingFor("the echo");

  // recv until the server closes: one read may return a single byte of the echo, so keep
  // reading until the end of the stream, never trusting one read to hold it all.
  const received: Buffer[] = [];
  for await (const chunk of socket) received.push(chunk);
  io.log(Buffer.concat(received).toString("utf8"));
  return undefined;
}
