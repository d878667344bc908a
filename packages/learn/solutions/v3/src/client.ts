// The v3 task, solved: the client reads the server's greeting from a frame, prints it, sends
// `count` persons, one frame each, then half-closes (FIN), and prints how many persons the
// server says it accepted. A frame is a 4-byte big-endian payload length, then the payload:
// node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import { formatAddress } from "@socket-lessons/cli";
import type { Person } from "@socket-lessons/protocol";

/** Bytes in the length prefix that starts every frame. */
const HEADER_BYTES = 4;
/** The largest payload we accept: 1 MiB, far more than a greeting needs. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for each thing the server should send. */
  timeout: number;
  /** The persons to send: `NAME 1`, `NAME 2`... all with this e-mail address. */
  name: string;
  email: string;
  /** How many persons to send. */
  count: number;
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

  // recv frames: the greeting first, then (after our persons) the count. A frame may come in
  // many chunks (even its 4-byte header may be split), and a chunk may hold more than one
  // frame: keep the bytes until a whole frame is there, and cut out every frame they hold.
  waitingFor = "the server's greeting";
  const pieces: Buffer[] = []; // bytes received and not yet cut into frames
  let received = 0; // how many bytes `pieces` holds
  let announced: number | undefined; // the payload's length, once its header has arrived
  let greeted = false;
  let accepted: number | undefined;
  // The loop ends at the server's FIN, after its count: we read on until then, and a
  // half-closed socket (ours, after the persons) still reads.
  for await (const chunk of socket) {
    pieces.push(chunk);
    received += chunk.length;
    for (;;) {
      if (announced === undefined) {
        if (received < HEADER_BYTES) break; // not even the whole length yet
        announced = Buffer.concat(pieces).readUInt32BE(0);
        // Checked before a single byte of payload is kept: a server announcing 4 GiB must
        // not make us wait for it, or allocate it.
        if (announced > MAX_PAYLOAD_BYTES) {
          throw new Error(`the server announced a frame of ${announced} bytes: the limit is ${MAX_PAYLOAD_BYTES}`);
        }
      }
      if (received < HEADER_BYTES + announced) break; // the frame goes on in the next chunk

      const bytes = Buffer.concat(pieces);
      const payload = bytes.subarray(HEADER_BYTES, HEADER_BYTES + announced);
      const rest = bytes.subarray(HEADER_BYTES + announced); // the start of the next frame
      pieces.length = 0;
      if (rest.length > 0) pieces.push(rest);
      received = rest.length;
      announced = undefined;

      if (!greeted) {
        console.log(`server says: ${greetingFrom(payload)}`);
        greeted = true;
        // send the persons, one frame each: v8.serialize turns an object into bytes (as
        // Python's pickle.dumps does with a Pessoa), and frameOf puts its length in front.
        // write() returns false when the server is not reading as fast: wait for 'drain'.
        for (let i = 1; i <= options.count; i++) {
          const person: Person = { name: `${options.name} ${i}`, email: options.email };
          if (!socket.write(frameOf(v8.serialize(person)))) await once(socket, "drain");
        }
        // Half-close: our FIN says "no more persons". Our side stops sending; it still reads.
        socket.end();
        waitingFor = "the number of persons the server accepted";
      } else if (accepted === undefined) {
        accepted = countFrom(payload);
        console.log(`the server accepted ${accepted} ${accepted === 1 ? "person" : "persons"}`);
        waitingFor = "the server to close the connection";
      } else {
        throw new Error("the server sent another frame after the count");
      }
    }
  }
  if (!greeted) throw new Error("the server closed the connection without sending its greeting");
  if (received > 0) throw new Error(`the server left in the middle of a frame (${received} bytes of it had arrived)`);
  if (accepted === undefined) throw new Error("the server closed the connection without saying how many it accepted");
}

/** A frame: the payload's length in 4 bytes, big-endian ("network order"), then the payload. */
function frameOf(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** v8.deserialize on untrusted bytes: refuse, clearly, what it cannot decode. */
function decoded(payload: Buffer, what: string): unknown {
  try {
    return v8.deserialize(payload);
  } catch {
    throw new Error(`the server sent ${what} that is not valid v8-serialized data`);
  }
}

function greetingFrom(payload: Buffer): string {
  const greeting = decoded(payload, "a greeting");
  if (typeof greeting !== "string") throw new Error("the server's greeting is not a string");
  return greeting;
}

/** The server's answer: a whole number of persons, 0 or more. */
function countFrom(payload: Buffer): number {
  const count = decoded(payload, "a count");
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 0) {
    throw new Error("the server's count is not a whole number of 0 or more");
  }
  return count;
}
