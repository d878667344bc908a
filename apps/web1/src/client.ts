// Lesson web1: an HTTP client on a raw socket, a small `curl -i`. It sends one request head
// (and a body, with --data or --json), then reads the response the way a browser does: the
// head up to its empty line, then exactly Content-Length bytes of body (or, without one,
// everything until the server closes). It prints the status line, the headers, an empty line
// and the body.
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
}

/** Sends the request and prints the response; resolves with 0 for a 2xx or 3xx status, 1 otherwise. */
export async function runClient(options: ClientOptions, console: Console): Promise<number> {
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

  // recv: the response, however the server's bytes are cut into reads. The decoder keeps
  // them until the head's empty line, then until Content-Length bytes of body have come. The
  // server closes after its response (Connection: close): its FIN ends this loop.
  const responses = new ResponseDecoder(options.method);
  let response: Response | undefined;
  for await (const chunk of socket) response ??= responses.push(chunk).next().value;
  response ??= responses.end(); // a body without Content-Length ends where the connection does
  if (response === undefined) throw new Error("the server closed the connection without a response");
  for (const line of response.head) console.log(printable(line));
  console.log("");
  if (response.body.length > 0) process.stdout.write(printable(response.body.toString("utf8")));
  return response.status >= 200 && response.status < 400 ? 0 : 1;
}

/** A response: its head's lines (the status line first), its status code, its body. */
interface Response {
  head: string[];
  status: number;
  body: Buffer;
}

/** Cuts responses out of the bytes of a connection: a head up to its empty line, then its body. */
class ResponseDecoder {
  private pending = Buffer.alloc(0);
  /** A head that has arrived, and how many bytes of body it announced (undefined: until the close). */
  private head: { head: string[]; status: number; bodyBytes: number | undefined } | undefined;

  /** `method`: a response to HEAD has no body, whatever its headers say. */
  constructor(private readonly method: string) {}

  /** Feeds one chunk; yields each response it completes, in order. */
  *push(chunk: Buffer): Generator<Response, undefined, undefined> {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.head === undefined) {
        const end = /\r?\n\r?\n/.exec(this.pending.toString("latin1"));
        if (end === null) {
          if (this.pending.length > MAX_HEAD_BYTES)
            throw new Error(`the response head is larger than ${MAX_HEAD_BYTES} bytes`);
          return; // the rest of the head is still on its way
        }
        this.head = this.parseHead(this.take(end.index + end[0].length));
      }
      const { bodyBytes } = this.head;
      if (bodyBytes === undefined || this.pending.length < bodyBytes) return; // the rest of the body is still on its way
      const response = { head: this.head.head, status: this.head.status, body: this.take(bodyBytes) };
      this.head = undefined;
      yield response;
    }
  }

  /** At the server's FIN: the response whose body ran until the close, if any; a response cut short is an error. */
  end(): Response | undefined {
    if (this.head === undefined) {
      if (this.pending.length === 0) return undefined;
      throw new Error(
        `the server closed the connection before a whole response head (${this.pending.length} bytes of it)`,
      );
    }
    const { head, status, bodyBytes } = this.head;
    if (bodyBytes !== undefined) {
      throw new Error(
        `the server closed the connection after ${this.pending.length} of the ${bodyBytes} bytes of the body`,
      );
    }
    return { head, status, body: this.take(this.pending.length) };
  }

  private parseHead(bytes: Buffer) {
    const head = bytes.toString("latin1").split(/\r?\n/).slice(0, -2);
    const status = Number(/^HTTP\/1\.\d (\d{3})(?: |$)/.exec(head[0] ?? "")?.[1]);
    if (Number.isNaN(status)) throw new Error(`the server did not answer in HTTP: ${JSON.stringify(head[0])}`);
    const length = head.find((line) => /^content-length:/i.test(line))?.replace(/^[^:]*:\s*/, "");
    // A response to HEAD, and a 1xx, 204 or 304, never has a body, whatever its headers say.
    const bodiless = this.method === "HEAD" || status < 200 || status === 204 || status === 304;
    return { head, status, bodyBytes: bodiless ? 0 : length === undefined ? undefined : Number(length) };
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
