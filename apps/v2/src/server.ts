// Lesson v2: handshake. The server greets one client with a line of text, prints the line
// the client answers, closes the connection and exits. A message is UTF-8 text ended by "\n".
import { once } from "node:events";
import net from "node:net";
import {
  closeGracefully,
  decodeUtf8,
  type FlagValues,
  type LessonIO,
  LineDecoder,
  listeningLine,
  MAX_TEXT_LINE_BYTES,
  MessageReader,
  type RunningServer,
  serverFlags,
  textLineFlag,
  traceSocket,
  trackClients,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter v2 start:server -- [options]",
  summary: "v2 server: greets one client with a line, prints the line it answers, and exits.",
  flags: {
    ...serverFlags(12002),
    message: textLineFlag("greeting line to send", "Hello from the server!"),
  },
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

  // The server speaks first: one greeting line. The "\n" is what tells the client where
  // the message ends; TCP itself keeps no message boundaries.
  socket.write(`${options.message}\n`);

  // recv one line: it may come in many chunks (or with more behind it), so the decoder
  // collects bytes until the "\n". A client that never sends one cannot make us buffer
  // more than MAX_TEXT_LINE_BYTES.
  const lines = new MessageReader(socket, new LineDecoder({ maxLineBytes: MAX_TEXT_LINE_BYTES }));
  const answer = await lines.next();
  if (answer === undefined) throw new Error("the client closed the connection without sending a line");
  io.log(`client says: ${decodeUtf8(answer)}`);

  // close: send FIN and wait for the client's, so the connection closes cleanly on both sides.
  await lines.finish();
}
