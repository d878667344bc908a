// Lesson web2: the same client as web1's, on a raw socket, a small `curl -i`. It sends one request head
// (and a body, with --data or --json), then reads the response the way a browser does: the
// head up to its empty line, then exactly Content-Length bytes of body (or, without one,
// everything until the server closes). It prints the status line, the headers, an empty line
// and the body.
import { once } from "node:events";
import net from "node:net";
import { formatAddress } from "@socket-lessons/cli";

/** The largest response head we read: a server that never sends the empty line must not make us buffer forever. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Sends the request and prints the response; resolves with 0 for a 2xx or 3xx status, 1 otherwise. */
export async function runClient(options, console) {
  // connect: resolve the host name, then open a TCP connection (the three-way handshake).
  const socket = net.connect({ host: options.host, port: options.port });
  // A timeout: without one, a client whose server never answers waits forever.
  let waitingFor = `a connection to ${formatAddress(options.host, options.port)}`;
  socket.setTimeout(options.timeout, () => {
    socket.destroy(new Error(`timed out after ${options.timeout} ms waiting for ${waitingFor}`));
  });
  await once(socket, "connect");
  // send: the request head (Host names the server, as HTTP/1.1 requires), then the body.
  // Content-Length counts the body's bytes: that is how the server knows where it ends.
  const body = Buffer.from(options.body?.text ?? "", "utf8");
  const lines = [
    `${options.method} ${options.path} HTTP/1.1`,
    `Host: ${formatAddress(options.host, options.port)}`,
    "Connection: close",
    ...(options.body === undefined ? [] : [`Content-Type: ${options.body.type}`, `Content-Length: ${body.length}`]),
  ];
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  if (body.length > 0) socket.write(body);
  waitingFor = `the response to ${options.method} ${options.path}`;
  // recv: the response, however the server's bytes are cut into reads.
  const reader = new ByteReader(socket);
  const response = await readResponse(reader, options.method);
  for (const line of response.head) console.log(printable(line));
  console.log("");
  if (response.body.length > 0) process.stdout.write(printable(response.body.toString("utf8")));
  socket.end();
  return response.status >= 200 && response.status < 400 ? 0 : 1;
}
/** One response: its head's lines (status line first), its status code, its body. */
async function readResponse(reader, method) {
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
  pending = Buffer.alloc(0);
  chunks;
  constructor(socket) {
    this.chunks = socket[Symbol.asyncIterator]();
  }
  /** The head: every byte up to and including the empty line ("\r\n\r\n", or "\n\n"). */
  async readHead() {
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
  async readBytes(count) {
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
  async readToEnd() {
    while (await this.read()) {
      // keep reading
    }
    return this.take(this.pending.length);
  }
  /** recv one chunk into `pending`; false at the end of the stream (the server's FIN). */
  async read() {
    const next = await this.chunks.next();
    if (next.done) return false;
    this.pending = Buffer.concat([this.pending, next.value]);
    return true;
  }
  take(count) {
    const taken = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(count);
    return taken;
  }
}
/** Text from the network, with control characters shown (`\x1b`) rather than obeyed by the terminal. */
function printable(text) {
  return text.replace(/(?![\t\n])\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
