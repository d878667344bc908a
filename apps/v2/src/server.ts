// Lesson v2: handshake. The server greets one client with a line of text, prints the line
// the client answers, closes the connection and exits. A message is UTF-8 text ended by "\n".
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import { printable } from "@socket-lessons/protocol";

/** The longest line we read: a client that never sends "\n" must not make us buffer forever. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  /** The greeting line to send. */
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

  // The server speaks first: one greeting line. The "\n" is what tells the client where
  // the message ends; TCP itself keeps no message boundaries.
  socket.write(`${options.message}\n`);

  // recv one line. TCP delivers a byte stream in chunks of any size: the line may come in
  // many chunks, or in one chunk with more bytes behind it. So we copy the bytes that
  // arrive into `line` until a chunk holds the "\n"; what comes before it is the message.
  // Copied, not kept as the chunks they came in: each chunk is an object costing a couple
  // of hundred bytes whatever its length, so a client sending one byte per packet would
  // make us spend hundreds of bytes per byte.
  let line: Buffer = Buffer.alloc(0);
  let received = 0;
  let answer: string | undefined;
  for await (const chunk of socket) {
    // After the line we keep reading, and drop what comes, until the client's FIN ends this
    // loop. Leaving the loop early (break) would destroy the socket, and closing with bytes
    // still unread makes the kernel send a reset (RST) instead of a clean FIN.
    if (answer !== undefined) continue;
    const newline = chunk.indexOf("\n");
    const piece = newline === -1 ? chunk : chunk.subarray(0, newline);
    if (received + piece.length > MAX_LINE_BYTES) {
      throw new Error(`the client's line is longer than ${MAX_LINE_BYTES} bytes`);
    }
    line = withRoomFor(line, received + piece.length);
    piece.copy(line, received);
    received += piece.length;
    if (newline === -1) continue; // the line goes on in the next chunk

    answer = textOf(line.subarray(0, received));
    // printable: the text is the client's, and may hold "\n" or terminal escapes (ESC):
    // shown as escapes, they cannot fake a line of our output or take over the terminal.
    console.log(`client says: ${printable(answer)}`);
    socket.end(); // close: our FIN, "I will send nothing more"
  }
  if (answer === undefined) {
    throw new Error(
      received === 0
        ? "the client closed the connection without sending a line"
        : `the client left in the middle of a line (${received} bytes of it had arrived, but no "\\n")`,
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

/** The text of a line: UTF-8, without the "\r" that telnet and Windows send before "\n". */
function textOf(line: Buffer): string {
  const bytes = line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
  try {
    // fatal: bytes that are not UTF-8 are an error, not silently "\uFFFD": never guess.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the client's line is not valid UTF-8 text");
  }
}
