// Lesson v3: binary serialization. The server greets one client with a frame holding a
// string, reads the person the client sends back in a frame, checks it, prints it and exits.
// A frame is a 4-byte big-endian payload length, then the payload: node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import { formatAddress } from "@socket-lessons/cli";
import { describeInvalid, PersonSchema, printable } from "@socket-lessons/protocol";

/** Bytes in the length prefix that starts every frame. */
const HEADER_BYTES = 4;
/** The largest payload we accept: 1 MiB, far more than a person needs. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  /** The greeting to send. */
  message: string;
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

  // The server speaks first: one frame holding the greeting. v8.serialize turns a value into
  // bytes (as Python's pickle.dumps does); the length in front tells the client where the
  // message ends, so the payload may hold any bytes at all, "\n" included.
  socket.write(frameOf(v8.serialize(options.message)));

  // recv one frame. It may come in many chunks (even its 4-byte header may be split), or
  // with more bytes behind it: copy the bytes into `frame` until the whole frame is there
  // (copied, not kept as chunks: a chunk costs a couple of hundred bytes, see v2).
  let frame: Buffer = Buffer.alloc(0);
  let received = 0;
  let announced: number | undefined; // the payload's length, once the header has arrived
  let done = false;
  for await (const chunk of socket) {
    // After the frame we keep reading, and drop what comes, until the client's FIN ends this
    // loop: leaving it early (break) would destroy the socket (see v2).
    if (done) continue;
    frame = withRoomFor(frame, received + chunk.length);
    chunk.copy(frame, received);
    received += chunk.length;
    if (announced === undefined && received >= HEADER_BYTES) {
      announced = frame.readUInt32BE(0);
      // Checked before a single byte of payload is kept: a client announcing 4 GiB must
      // not make us wait for it, or allocate it.
      if (announced > MAX_PAYLOAD_BYTES) {
        throw new Error(`the client announced a frame of ${announced} bytes: the limit is ${MAX_PAYLOAD_BYTES}`);
      }
    }
    if (announced === undefined || received < HEADER_BYTES + announced) continue; // the frame goes on

    const payload = frame.subarray(HEADER_BYTES, HEADER_BYTES + announced);
    const person = personFrom(payload);
    // printable: the name and e-mail are the client's text, and may hold "\n" or terminal
    // escapes; shown as escapes, they cannot fake a line of our output (see v2).
    console.log(`received person: ${printable(person.name)} <${printable(person.email)}>`);
    done = true;
    socket.end(); // close: our FIN, "I will send nothing more"
  }
  if (!done) {
    throw new Error(
      received === 0
        ? "the client closed the connection without sending a frame"
        : `the client left in the middle of a frame (${received} bytes of it had arrived)`,
    );
  }
}

/**
 * `buffer`, or a copy of it with room for `needed` bytes: twice as large (or more), so that
 * a message read one byte at a time is copied about twice in all, not once per byte.
 */
function withRoomFor(buffer: Buffer, needed: number): Buffer {
  if (needed <= buffer.length) return buffer;
  const bigger = Buffer.alloc(Math.max(needed, buffer.length * 2));
  buffer.copy(bigger);
  return bigger;
}

/** A frame: the payload's length in 4 bytes, big-endian ("network order"), then the payload. */
function frameOf(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** The bytes come from the network: check that they decode, and that they are a person. */
function personFrom(payload: Buffer) {
  let value: unknown;
  try {
    value = v8.deserialize(payload);
  } catch {
    throw new Error("the client sent a frame that is not valid v8-serialized data");
  }
  const person = PersonSchema.safeParse(value);
  if (!person.success) throw new Error(`the client sent an invalid person: ${describeInvalid(person.error)}`);
  return person.data;
}
