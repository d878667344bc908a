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
    // send: pipelining writes every request left at once; otherwise one, then the next after its response.
    socket.write(options.pipeline ? Buffer.concat(Array(options.repeat - served).fill(request)) : request);
    waitingFor = `the response to ${options.method} ${options.path}`;

    // recv: the responses, however the server's bytes are cut into reads; the decoder cuts
    // each one out by its head and its Content-Length. The loop ends at the server's FIN.
    const responses = new ResponseDecoder(options.method);
    let answered = 0;
    /** Prints a response, saying which connection served it. */
    const show = (response: Response) => {
      served += 1;
      answered += 1;
      if (options.repeat > 1)
        console.log(`* response ${served} of ${options.repeat}, on connection ${connection} (from ${from})`);
      for (const line of response.head) console.log(printable(line));
      console.log("");
      const text = printable(response.body.toString("utf8"));
      if (text.length > 0) process.stdout.write(options.repeat > 1 && !text.endsWith("\n") ? `${text}\n` : text);
      if (response.status < 200 || response.status >= 400) failed += 1;
    };
    for await (const chunk of socket) {
      for (const response of responses.push(chunk)) {
        show(response);
        // The server says when it will close: then this connection serves no more, and its
        // FIN ends the loop. When all are served, our FIN tells the server we are done.
        if (response.head.some((line) => /^connection:\s*close\s*$/i.test(line))) break;
        if (served === options.repeat) socket.end();
        else if (!options.pipeline) socket.write(request);
      }
    }
    const last = responses.end(); // a body without Content-Length ends where the connection does
    if (last !== undefined) show(last);
    if (answered === 0) throw new Error(`the server closed connection ${connection} without answering`);
  }
  return failed === 0 ? 0 : 1;
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
