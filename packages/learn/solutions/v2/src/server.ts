// The v2 task, solved: a longer handshake. The server asks one client its name, prints it,
// greets the client by name, closes the connection and exits. A message is UTF-8 text ended
// by "\n".
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

/** The longest line we read: a client that never sends "\n" must not make us buffer forever. */
export const MAX_LINE_BYTES = 64 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  /** The question to ask: "What is your name?". */
  question: string;
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

  // The server speaks first: it asks the client's name, in one line. The "\n" is what tells
  // the client where the message ends; TCP itself keeps no message boundaries.
  socket.write(`${options.question}\n`);

  // recv one line: the name. TCP delivers a byte stream in chunks of any size: the line may
  // come in many chunks (one byte at a time, even), or in one chunk with more bytes behind it.
  // So we keep the chunks that arrive until one of them holds the "\n"; what comes before it
  // is the name, whatever comes after it is not. (A client may even send its name before our
  // question reaches it: its bytes simply wait in the socket until we read them.)
  const pieces: Buffer[] = [];
  let received = 0;
  let name: string | undefined;
  for await (const chunk of socket) {
    // After the line we keep reading, and drop what comes, until the client's FIN ends this
    // loop. Leaving the loop early (break) would destroy the socket, and closing with bytes
    // still unread makes the kernel send a reset (RST) instead of a clean FIN.
    if (name !== undefined) continue;
    const newline = chunk.indexOf("\n");
    const piece = newline === -1 ? chunk : chunk.subarray(0, newline);
    received += piece.length;
    if (received > MAX_LINE_BYTES) throw new Error(`the client's line is longer than ${MAX_LINE_BYTES} bytes`);
    pieces.push(piece);
    if (newline === -1) continue; // the line goes on in the next chunk

    name = textOf(Buffer.concat(pieces));
    console.log(`client is called ${name}`);
    // send the greeting, then close: end(data) writes it and then sends our FIN, "I will
    // send nothing more".
    socket.end(`Hello, ${name}!\n`);
  }
  if (name === undefined) {
    throw new Error(
      received === 0
        ? "the client closed the connection without saying its name"
        : `the client left in the middle of its name (${received} bytes of it had arrived, but no "\\n")`,
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
    throw new Error("the client's line is not valid UTF-8 text");
  }
}
