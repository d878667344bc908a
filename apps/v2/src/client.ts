// Lesson v2: handshake. The client reads the server's greeting line, prints it, answers
// with a line of its own and closes. A message is UTF-8 text ended by "\n".
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";
import { printable } from "@socket-lessons/protocol";

/** The longest line we read: a server that never sends "\n" must not make us buffer forever. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for each thing the server should send. */
  timeout: number;
  /** The line to answer with. */
  message: string;
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

  // recv one line: the server speaks first. TCP delivers a byte stream in chunks of any
  // size, so we copy the bytes that arrive into `line` until a chunk holds the "\n" (copied,
  // not kept as chunks: see the server).
  waitingFor = "the server's greeting";
  let line: Buffer = Buffer.alloc(0);
  let received = 0;
  let greeting: string | undefined;
  for await (const chunk of socket) {
    // After our answer we keep reading, and drop what comes, until the server's FIN ends this
    // loop. Leaving the loop early (break) would destroy the socket, and closing with bytes
    // still unread makes the kernel send a reset (RST) instead of a clean FIN.
    if (greeting !== undefined) continue;
    const newline = chunk.indexOf("\n");
    const piece = newline === -1 ? chunk : chunk.subarray(0, newline);
    if (received + piece.length > MAX_LINE_BYTES) {
      throw new Error(`the server's line is longer than ${MAX_LINE_BYTES} bytes`);
    }
    line = withRoomFor(line, received + piece.length);
    piece.copy(line, received);
    received += piece.length;
    if (newline === -1) continue; // the line goes on in the next chunk

    greeting = textOf(line.subarray(0, received));
    console.log(`server says: ${printable(greeting)}`); // escaped: see the server
    // send our line, ended by "\n" so the server knows where it stops, then close: FIN.
    socket.end(`${options.message}\n`);
    waitingFor = "the server to close the connection";
  }
  if (greeting === undefined) throw new Error("the server closed the connection without sending its greeting");
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
    throw new Error("the server's line is not valid UTF-8 text");
  }
}
