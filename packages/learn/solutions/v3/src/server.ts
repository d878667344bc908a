// The v3 task, solved: the server greets one client with a frame holding a string, reads
// the persons the client sends, one frame each, until the client's FIN, and answers with one
// frame holding how many of them it accepted. Then it closes and exits.
// A frame is a 4-byte big-endian payload length, then the payload: node:v8 serialized data.
import { once } from "node:events";
import net from "node:net";
import v8 from "node:v8";
import { formatAddress } from "@socket-lessons/cli";
import { describeInvalid, type Person, PersonSchema } from "@socket-lessons/protocol";

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
  // allowHalfOpen: when the client's FIN arrives ("I have sent all my persons"), our side
  // stays open, so that we can still send the count. Without it Node would end our side at
  // once, and the count could never be sent.
  const server = net.createServer({ allowHalfOpen: true });
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // accept: wait for a client. Node accepts connections for us and announces each one
  // with a `connection` event; awaiting it reads like Python's `conn, addr = s.accept()`.
  const [socket] = (await once(server, "connection")) as [net.Socket];
  server.close(); // one client only: stop accepting, so the next one is refused

  // The session ends when the socket closes: after our FIN, or with an error (a reset, or a
  // frame we refused with destroy(error) below).
  const closed = new Promise<void>((resolve, reject) => {
    socket.on("error", reject);
    socket.on("close", () => resolve());
  });

  // The server speaks first: one frame holding the greeting. v8.serialize turns a value into
  // bytes (as Python's pickle.dumps does); the length in front tells the client where the
  // message ends, so the payload may hold any bytes at all, "\n" included.
  socket.write(frameOf(v8.serialize(options.message)));

  // recv frames. A chunk may hold part of a frame (even part of its 4-byte header), or
  // several frames, or the end of one and the start of the next: one read is not one message.
  // So we keep the bytes that arrive, and cut out every whole frame they hold.
  // (We listen for `data` and `end` here rather than loop with `for await`: that loop ends at
  // the client's FIN and destroys the socket as it ends, before we could send the count.)
  const pieces: Buffer[] = []; // bytes received and not yet cut into frames
  let received = 0; // how many bytes `pieces` holds
  let announced: number | undefined; // the payload's length, once its header has arrived
  let accepted = 0;
  socket.on("data", (chunk: Buffer) => {
    pieces.push(chunk);
    received += chunk.length;
    for (;;) {
      if (announced === undefined) {
        if (received < HEADER_BYTES) return; // not even the whole length yet
        announced = Buffer.concat(pieces).readUInt32BE(0);
        // Checked before a single byte of payload is kept: a client announcing 4 GiB must
        // not make us wait for it, or allocate it. destroy(error) closes the connection and
        // ends the session with that error.
        if (announced > MAX_PAYLOAD_BYTES) {
          socket.destroy(
            new Error(`the client announced a frame of ${announced} bytes: the limit is ${MAX_PAYLOAD_BYTES}`),
          );
          return;
        }
      }
      if (received < HEADER_BYTES + announced) return; // the frame goes on in the next chunk

      const bytes = Buffer.concat(pieces);
      const payload = bytes.subarray(HEADER_BYTES, HEADER_BYTES + announced);
      // What follows the frame is the start of the next one: keep it.
      const rest = bytes.subarray(HEADER_BYTES + announced);
      pieces.length = 0;
      if (rest.length > 0) pieces.push(rest);
      received = rest.length;
      announced = undefined;

      // One bad frame does not end the session: say why it was refused, and go on.
      const person = personFrom(payload);
      if (typeof person === "string") {
        console.error(`refused a frame: ${person}`);
        continue;
      }
      console.log(`received person: ${person.name} <${person.email}>`);
      accepted += 1;
    }
  });

  // The client's FIN: it has sent all its persons. Answer with how many we accepted, in one
  // frame, then close: our FIN, sent after that frame.
  socket.on("end", () => {
    if (received > 0) {
      socket.destroy(new Error(`the client left in the middle of a frame (${received} bytes of it had arrived)`));
      return;
    }
    socket.end(frameOf(v8.serialize(accepted)));
  });

  await closed;
}

/** A frame: the payload's length in 4 bytes, big-endian ("network order"), then the payload. */
function frameOf(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** The bytes come from the network: check that they decode, and that they are a person (or say why not). */
function personFrom(payload: Buffer): Person | string {
  let value: unknown;
  try {
    value = v8.deserialize(payload);
  } catch {
    return "it is not valid v8-serialized data";
  }
  const person = PersonSchema.safeParse(value);
  if (!person.success) return `it is not a valid person: ${describeInvalid(person.error)}`;
  return person.data;
}
