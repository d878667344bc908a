// Lesson web3: web2's client, a small `curl -i`, on persistent connections. It sends the same
// request --repeat times on one connection, each after the response to the last one, or all at
// once with --pipeline; it reads each response by its head and its Content-Length (the only way
// to know where one response ends and the next begins), and says which connection served each.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

/** The largest response head we read: a server that never sends the empty line must not make us buffer forever. */
const MAX_HEAD_BYTES = 64 * 1024;

export interface ClientOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection, then for the response. */
  timeout: number;
  method: string;
  /** The target: a path, with a query if any (`/?q=1`). */
  path: string;
  /** A body to send, and its Content-Type. */
  body?: { type: string; text: string };
  /** How many times to send the request. */
  repeat: number;
  /** Send them all in one write, before reading any response. */
  pipeline: boolean;
}

/** Sends the requests and prints the responses; resolves with 0 when every status is 2xx or 3xx, 1 otherwise. */
export async function runClient(options: ClientOptions, console: Console): Promise<number> {
  // The request, as bytes: Content-Length counts the body's bytes, which is how the server
  // knows where it ends and where the next request begins. No `Connection: close`: in HTTP/1.1
  // the connection stays open for the next request unless one side says otherwise.
  const body = Buffer.from(options.body?.text ?? "", "utf8");
  const lines = [
    `${options.method} ${options.path} HTTP/1.1`,
    `Host: ${formatAddress(options.host, options.port)}`,
    ...(options.body === undefined ? [] : [`Content-Type: ${options.body.type}`, `Content-Length: ${body.length}`]),
  ];
  const request = Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]);

  let served = 0;
  let failed = 0;
  // A connection serves as many of the requests as the server lets it; if the server closes
  // it (Connection: close), the rest go on a new connection.
  for (let connection = 1; served < options.repeat; connection++) {
    // connect: resolve the host name, then open a TCP connection (the three-way handshake).
    const socket = net.connect({ host: options.host, port: options.port });
    // A timeout: without one, a client whose server never answers waits forever.
    let waitingFor = `a connection to ${formatAddress(options.host, options.port)}`;
    socket.setTimeout(options.timeout, () => {
      socket.destroy(new Error(`timed out after ${options.timeout} ms waiting for ${waitingFor}`));
    });
    await once(socket, "connect");
    const from = formatAddress(socket.localAddress, socket.localPort);
    // send: pipelining writes every request left at once; otherwise one, then its response, then the next.
    if (options.pipeline) socket.write(Buffer.concat(Array(options.repeat - served).fill(request)));
    const reader = new ByteReader(socket);
    for (let open = true; open && served < options.repeat; ) {
      if (!options.pipeline) socket.write(request);
      waitingFor = `the response to ${options.method} ${options.path}`;
      // recv: the response, however the server's bytes are cut into reads.
      const response = await readResponse(reader, options.method);
      served += 1;
      if (options.repeat > 1)
        console.log(`* response ${served} of ${options.repeat}, on connection ${connection} (from ${from})`);
      for (const line of response.head) console.log(printable(line));
      console.log("");
      const text = printable(response.body.toString("utf8"));
      if (text.length > 0) process.stdout.write(options.repeat > 1 && !text.endsWith("\n") ? `${text}\n` : text);
      if (response.status < 200 || response.status >= 400) failed += 1;
      // The server says when it will close: then this connection serves no more.
      open = !response.head.some((line) => /^connection:\s*close\s*$/i.test(line));
    }
    socket.end();
  }
  return failed === 0 ? 0 : 1;
}

/** One response: its head's lines (status line first), its status code, its body. */
async function readResponse(reader: ByteReader, method: string) {
  const head = (await reader.readHead()).toString("latin1").split(/\r?\n/).slice(0, -2);
  const status = Number(/^HTTP\/1\.\d (\d{3})(?: |$)/.exec(head[0] ?? "")?.[1]);
  if (Number.isNaN(status)) throw new Error(`the server did not answer in HTTP: ${JSON.stringify(head[0])}`);
  const length = head.find((line) => /^content-length:/i.test(line))?.replace(/^[^:]*:\s*/, "");
  // A response to HEAD, and a 1xx, 204 or 304, never has a body, whatever its headers say.
  const bodiless = method === "HEAD" || status < 200 || status === 204 || status === 304;
  const body = bodiless
    ? Buffer.alloc(0)
    : length === undefined
      ? await reader.readToEnd() // no Content-Length: the body ends when the server closes
      : await reader.readBytes(Number(length));
  return { head, status, body };
}

/** The bytes of a connection, read as a response needs them: up to an empty line, a count, or the end. */
class ByteReader {
  private pending = Buffer.alloc(0);
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(socket: net.Socket) {
    this.chunks = socket[Symbol.asyncIterator]();
  }

  /** The head: every byte up to and including the empty line ("\r\n\r\n", or "\n\n"). */
  async readHead(): Promise<Buffer> {
    for (;;) {
      const end = /\r?\n\r?\n/.exec(this.pending.toString("latin1"));
      if (end !== null) return this.take(end.index + end[0].length);
      if (this.pending.length > MAX_HEAD_BYTES)
        throw new Error(`the response head is larger than ${MAX_HEAD_BYTES} bytes`);
      if (!(await this.read())) {
        throw new Error(
          `the server closed the connection before the end of a response head (${this.pending.length} bytes of it)`,
        );
      }
    }
  }

  /** Exactly `count` bytes. */
  async readBytes(count: number): Promise<Buffer> {
    while (this.pending.length < count) {
      if (!(await this.read())) {
        throw new Error(
          `the server closed the connection after ${this.pending.length} of the ${count} bytes of the body`,
        );
      }
    }
    return this.take(count);
  }

  /** Everything until the server closes the connection. */
  async readToEnd(): Promise<Buffer> {
    while (await this.read()) {
      // keep reading
    }
    return this.take(this.pending.length);
  }

  /** recv one chunk into `pending`; false at the end of the stream (the server's FIN). */
  private async read(): Promise<boolean> {
    const next = await this.chunks.next();
    if (next.done) return false;
    this.pending = Buffer.concat([this.pending, next.value]);
    return true;
  }

  private take(count: number): Buffer {
    const taken = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(count);
    return taken;
  }
}

/** Text from the network, with control characters shown (`\x1b`) rather than obeyed by the terminal. */
function printable(text: string): string {
  return text.replace(/(?![\t\n])\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
