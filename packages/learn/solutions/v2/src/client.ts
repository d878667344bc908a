// The v2 task, solved: a longer handshake. The client reads the server's question, prints it,
// answers with its name, then reads and prints the server's greeting, and closes. A message is
// UTF-8 text ended by "\n".
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

/** The longest line we read: a server that never sends "\n" must not make us buffer forever. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for each thing the server should send. */
  timeout: number;
  /** Our name: the answer to the server's question. */
  name: string;
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

  // recv two lines: the server's question, then its greeting. TCP delivers a byte stream in
  // chunks of any size, so a line may come in many chunks, and one chunk may hold the end of
  // one line and the next line too (or its start). So we keep the pieces of the line until a
  // chunk holds its "\n", and the bytes after that "\n" are not dropped: they are the start
  // of the next line, and go through the same loop.
  waitingFor = "the server's question";
  const pieces: Buffer[] = [];
  let received = 0;
  let question: string | undefined;
  let greeting: string | undefined;
  for await (const chunk of socket) {
    // After the greeting we keep reading, and drop what comes, until the server's FIN ends
    // this loop. Leaving the loop early (break) would destroy the socket, and closing with
    // bytes still unread makes the kernel send a reset (RST) instead of a clean FIN.
    let rest: Buffer = chunk;
    while (greeting === undefined && rest.length > 0) {
      const newline = rest.indexOf("\n");
      const piece = newline === -1 ? rest : rest.subarray(0, newline);
      received += piece.length;
      if (received > MAX_LINE_BYTES) throw new Error(`the server's line is longer than ${MAX_LINE_BYTES} bytes`);
      pieces.push(piece);
      if (newline === -1) break; // the line goes on in the next chunk
      rest = rest.subarray(newline + 1); // what follows the "\n": the next line, or its start

      const line = textOf(Buffer.concat(pieces));
      pieces.length = 0;
      received = 0;
      if (question === undefined) {
        question = line;
        console.log(`server asks: ${question}`);
        // send our name, ended by "\n" so the server knows where it stops.
        socket.write(`${options.name}\n`);
        waitingFor = "the server's greeting";
      } else {
        greeting = line;
        console.log(`server says: ${greeting}`);
        socket.end(); // close: our FIN, "I will send nothing more"
        waitingFor = "the server to close the connection";
      }
    }
  }
  if (greeting === undefined) {
    const what = question === undefined ? "its question" : "its greeting";
    throw new Error(
      received === 0
        ? `the server closed the connection without sending ${what}`
        : `the server closed the connection in the middle of ${what} (${received} bytes of it had arrived, but no "\\n")`,
    );
  }
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
