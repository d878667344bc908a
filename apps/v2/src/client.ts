// Lesson v2: handshake. The client reads the server's greeting line, prints it, answers
// with a line of its own and closes. A message is UTF-8 text ended by "\n".
import { once } from "node:events";
import net from "node:net";
import {
  clientFlags,
  decodeUtf8,
  type FlagValues,
  failOnInactivity,
  formatAddress,
  type LessonIO,
  LineDecoder,
  MAX_TEXT_LINE_BYTES,
  MessageReader,
  textLineFlag,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter v2 start:client -- [options]",
  summary: "v2 client: prints the server's greeting line, answers with a line, and closes.",
  flags: {
    ...clientFlags(12002),
    message: textLineFlag("line to answer with", "Hello from the client!"),
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

  // recv one line: the server speaks first. The line may arrive in many chunks, so the
  // decoder collects bytes until the "\n".
  timeout.waitingFor("the server's greeting");
  const lines = new MessageReader(socket, new LineDecoder({ maxLineBytes: MAX_TEXT_LINE_BYTES }));
  const greeting = await lines.next();
  if (greeting === undefined) throw new Error("the server closed the connection without sending its greeting");
  io.log(`server says: ${decodeUtf8(greeting)}`);

  // send our line, ended by "\n" so the server knows where it stops.
  socket.write(`${options.message}\n`);

  // close: send FIN and wait for the server's, so the connection closes cleanly on both sides.
  timeout.waitingFor("the server to close the connection");
  await lines.finish();
  return undefined;
}
