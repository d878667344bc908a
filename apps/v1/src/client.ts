// Lesson v1: connect. The client opens a connection to the server, prints where it got
// to, and closes it. Nothing is said yet: this step is only about connecting.
import { once } from "node:events";
import net from "node:net";
import {
  clientFlags,
  type FlagValues,
  failOnInactivity,
  formatAddress,
  type LessonIO,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter v1 start:client -- [options]",
  summary: "v1 client: connects to the server, prints where it connected, and closes.",
  flags: clientFlags(12001),
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
  // The address we really reached: "localhost" may have become 127.0.0.1 or ::1.
  io.log(`connected to ${formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0)}`);

  // close: end() sends FIN; keep reading (resume) until the server's FIN arrives too.
  timeout.waitingFor("the server to close the connection");
  socket.end();
  socket.resume();
  await once(socket, "close");
  return undefined;
}
