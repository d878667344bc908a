// Lesson v3: binary serialization. The client reads the server's greeting from a frame,
// prints it, sends a person in a frame of its own and closes. A frame is a 4-byte
// big-endian payload length, then the payload: node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import { formatAddress } from "@socket-lessons/cli";
import { type Person, printable } from "@socket-lessons/protocol";

/** Bytes in the length prefix that starts every frame. */
const HEADER_BYTES = 4;
/** The largest payload we accept: 1 MiB, far more than a greeting needs. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for each thing the server should send. */
  timeout: number;
  /** The person to send. */
  name: string;
  email: string;
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

  // recv one frame: the server speaks first. It may come in many chunks (even its 4-byte
  // header may be split): copy the bytes into `frame` until the whole frame is there.
  waitingFor = "the server's greeting";
  let frame: Buffer = Buffer.alloc(0);
  let received = 0;
  let announced: number | undefined; // the payload's length, once the header has arrived
  let done = false;
  for await (const chunk of socket) {
    // After our answer we keep reading, and drop what comes, until the server's FIN ends
    // this loop: leaving it early (break) would destroy the socket (see v2).
    if (done) continue;
    frame = withRoomFor(frame, received + chunk.length);
    chunk.copy(frame, received);
    received += chunk.length;
    if (announced === undefined && received >= HEADER_BYTES) {
      announced = frame.readUInt32BE(0);
      // Checked before a single byte of payload is kept: a server announcing 4 GiB must
      // not make us wait for it, or allocate it.
      if (announced > MAX_PAYLOAD_BYTES) {
        throw new Error(`the server announced a frame of ${announced} bytes: the limit is ${MAX_PAYLOAD_BYTES}`);
      }
    }
    if (announced === undefined || received < HEADER_BYTES + announced) continue; // the frame goes on

    const greeting = greetingFrom(frame.subarray(HEADER_BYTES, HEADER_BYTES + announced));
    console.log(`server says: ${printable(greeting)}`); // escaped: see v2
    // send the person: v8.serialize turns the object into bytes (as Python's pickle.dumps
    // does with a Pessoa), and frameOf puts its length in front. Then close: FIN.
    const person: Person = { name: options.name, email: options.email };
    socket.end(frameOf(v8.serialize(person)));
    waitingFor = "the server to close the connection";
    done = true;
  }
  if (!done) throw new Error("the server closed the connection without sending its greeting");
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

/** v8.deserialize on untrusted bytes: refuse, clearly, what it cannot decode. */
function greetingFrom(payload: Buffer): string {
  let greeting: unknown;
  try {
    greeting = v8.deserialize(payload);
  } catch {
    throw new Error("the server sent a frame that is not valid v8-serialized data");
  }
  if (typeof greeting !== "string") throw new Error("the server's greeting is not a string");
  return greeting;
}
