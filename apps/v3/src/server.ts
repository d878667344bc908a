// Lesson v3: binary serialization. The server greets one client with a frame holding a
// string, reads the person the client sends back in a frame, checks it, prints it and exits.
// A frame is a 4-byte big-endian payload length, then the payload: node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import {
  closeGracefully,
  describeInvalid,
  encodeFrame,
  type FlagValues,
  FrameDecoder,
  type LessonIO,
  listeningLine,
  MAX_FRAME_PAYLOAD_BYTES,
  MessageReader,
  PersonSchema,
  type RunningServer,
  serverFlags,
  stringFlag,
  traceSocket,
  trackClients,
} from "@socket-lessons/protocol";

export const serverCommand = {
  usage: "pnpm --filter v3 start:server -- [options]",
  summary: "v3 server: greets one client in a binary frame, prints the person it sends back, and exits.",
  flags: {
    ...serverFlags(12003),
    message: stringFlag("greeting to send", "Hello from the server!"),
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

  // The server speaks first: one frame holding the greeting. v8.serialize turns a value into
  // bytes (as Python's pickle.dumps does); the 4-byte length in front tells the client where
  // the message ends, so the payload may hold any bytes at all.
  socket.write(encodeFrame(v8.serialize(options.message)));

  // recv one frame: it may come in many chunks (or with more behind it), so the decoder
  // collects bytes until it has the whole payload. A frame announcing more than
  // MAX_FRAME_PAYLOAD_BYTES is refused before any of it is stored.
  const frames = new MessageReader(socket, new FrameDecoder({ maxPayloadBytes: MAX_FRAME_PAYLOAD_BYTES }));
  const payload = await frames.next();
  if (payload === undefined) throw new Error("the client closed the connection without sending a frame");
  // The bytes come from the network: check they decode, and that they are a person.
  const person = PersonSchema.safeParse(deserialize(payload, "the client"));
  if (!person.success) throw new Error(`the client sent an invalid person: ${describeInvalid(person.error)}`);
  io.log(`received person: ${person.data.name} <${person.data.email}>`);

  // close: send FIN and wait for the client's, so the connection closes cleanly on both sides.
  await frames.finish();
}

/** v8.deserialize on untrusted bytes: refuse, clearly, what it cannot decode. */
function deserialize(payload: Buffer, sender: string): unknown {
  try {
    return v8.deserialize(payload);
  } catch {
    throw new Error(`${sender} sent a frame that is not valid v8-serialized data`);
  }
}
