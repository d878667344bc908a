// Lesson v3: binary serialization. The client reads the server's greeting from a frame,
// prints it, sends a person in a frame of its own and closes. A frame is a 4-byte
// big-endian payload length, then the payload: node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import {
  clientFlags,
  encodeFrame,
  type FlagValues,
  FrameDecoder,
  failOnInactivity,
  formatAddress,
  type LessonIO,
  MAX_FRAME_PAYLOAD_BYTES,
  MessageReader,
  type Person,
  stringFlag,
  traceSocket,
} from "@socket-lessons/protocol";

export const clientCommand = {
  usage: "pnpm --filter v3 start:client -- [options]",
  summary: "v3 client: prints the server's greeting, sends a person in a binary frame, and closes.",
  flags: {
    ...clientFlags(12003),
    name: stringFlag("the person's name", "Maria Silva"),
    email: stringFlag("the person's e-mail address", "maria@example.com"),
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

  // recv one frame: the server speaks first. The frame may arrive in many chunks, so the
  // decoder collects bytes until it has the whole payload its length announced.
  timeout.waitingFor("the server's greeting");
  const frames = new MessageReader(socket, new FrameDecoder({ maxPayloadBytes: MAX_FRAME_PAYLOAD_BYTES }));
  const payload = await frames.next();
  if (payload === undefined) throw new Error("the server closed the connection without sending its greeting");
  const greeting = deserialize(payload, "the server");
  if (typeof greeting !== "string") throw new Error("the server's greeting is not a string");
  io.log(`server says: ${greeting}`);

  // send the person: v8.serialize turns the object into bytes (as Python's pickle.dumps
  // does with a Pessoa), and encodeFrame puts its length in front.
  const person: Person = { name: options.name, email: options.email };
  socket.write(encodeFrame(v8.serialize(person)));

  // close: send FIN and wait for the server's, so the connection closes cleanly on both sides.
  timeout.waitingFor("the server to close the connection");
  await frames.finish();
  return undefined;
}

/** v8.deserialize on untrusted bytes: refuse, clearly, what it cannot decode. */
function deserialize(payload: Buffer, sender: string): unknown {
  try {
    return v8.deserialize(payload);
  } catch {
    throw new Error(`${sender} sent a frame that is not valid v8-serialized data`);
  }
}
