import { once } from "node:events";
import net from "node:net";

/** One HTTP response as it came off the wire, parsed just enough for a test to look at it. */
export interface RawResponse {
  /** `HTTP/1.1 200 OK` */
  statusLine: string;
  status: number;
  /** Every header line in order, the name as sent. */
  headers: Array<[name: string, value: string]>;
  /** The first value of a header (any case), or undefined. */
  header(name: string): string | undefined;
  body: Buffer;
  /** The body as UTF-8 text. */
  text: string;
  /** The whole response, head and body, as sent. */
  raw: Buffer;
}

/** How the server ended the connection: a FIN, or a reset (RST), which may have lost bytes. */
export type Closing = "fin" | "reset";

/**
 * A bare HTTP client for tests, the way a student pokes a server with `nc`: write any bytes at
 * all, in as many writes as you like, and read responses back, each framed by its head and its
 * Content-Length, exactly as they arrived. It never repairs what the server sends.
 */
export class RawHttpClient {
  private received = Buffer.alloc(0);
  private closing: Closing | undefined;
  private wake: Array<() => void> = [];

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.notify();
    });
    socket.on("end", () => {
      this.closing ??= "fin";
      this.notify();
    });
    socket.on("error", () => {
      this.closing ??= "reset";
      this.notify();
    });
    socket.on("close", () => {
      this.closing ??= "fin";
      this.notify();
    });
  }

  static async connect(port: number, host = "127.0.0.1"): Promise<RawHttpClient> {
    const socket = net.connect({ port, host, allowHalfOpen: true });
    await once(socket, "connect");
    socket.setNoDelay(true);
    return new RawHttpClient(socket);
  }

  /** Writes raw bytes, exactly as given; resolves once the system has taken them. */
  send(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  /** Sends our FIN: "I will send nothing more" (we can still read). */
  end(): void {
    this.socket.end();
  }

  /**
   * The next response. `method` says whether it has a body (a response to HEAD has none, even
   * with a Content-Length). Rejects if the server closes before a whole response arrived.
   */
  async response(method = "GET"): Promise<RawResponse> {
    for (;;) {
      const parsed = parseResponse(this.received, method);
      if (parsed !== undefined) {
        this.received = this.received.subarray(parsed.raw.length);
        return parsed;
      }
      if (this.closing !== undefined) {
        const text = this.received.toString("latin1");
        throw new Error(
          `the server closed the connection (${this.closing}) before a whole response: ${JSON.stringify(text)}`,
        );
      }
      await new Promise<void>((resolve) => this.wake.push(resolve));
    }
  }

  /** Resolves once the server has closed the connection, saying how: a FIN or a reset. */
  async closed(): Promise<Closing> {
    while (this.closing === undefined) await new Promise<void>((resolve) => this.wake.push(resolve));
    return this.closing;
  }

  /** Bytes received and not yet taken by `response()`. */
  get unread(): Buffer {
    return this.received;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const wake of this.wake.splice(0)) wake();
  }
}

/** One response from the front of `bytes`, or undefined while it is incomplete. */
export function parseResponse(bytes: Buffer, method = "GET"): RawResponse | undefined {
  const text = bytes.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const header = (name: string) => headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  const status = Number(statusLine.split(" ")[1]);
  const bodiless = method === "HEAD" || status === 204 || status === 304 || status < 200;
  const length = bodiless ? 0 : Number(header("content-length") ?? Number.NaN);
  if (Number.isNaN(length)) throw new Error(`a response without Content-Length: ${JSON.stringify(text.slice(0, end))}`);
  if (bytes.length < end + 4 + length) return undefined;
  const body = bytes.subarray(end + 4, end + 4 + length);
  return {
    statusLine,
    status,
    headers,
    header,
    body,
    text: body.toString("utf8"),
    raw: bytes.subarray(0, end + 4 + length),
  };
}

/**
 * Sends `request` (in one write, or one write per piece), then our FIN, and returns the one
 * response and how the connection ended. What a test needs for a one-request server.
 */
export async function rawExchange(
  port: number,
  request: string | Uint8Array | Array<string | Uint8Array>,
  options: { method?: string; end?: boolean } = {},
): Promise<{ response: RawResponse; closing: Closing; after: Buffer }> {
  const client = await RawHttpClient.connect(port);
  try {
    for (const piece of Array.isArray(request) ? request : [request]) await client.send(piece);
    if (options.end ?? true) client.end();
    const response = await client.response(options.method ?? methodOf(request));
    const closing = await client.closed();
    return { response, closing, after: client.unread };
  } finally {
    client.destroy();
  }
}

/** The method of a request, from its first bytes. */
function methodOf(request: string | Uint8Array | Array<string | Uint8Array>): string {
  const first = Array.isArray(request)
    ? request.map((piece) => Buffer.from(piece).toString("latin1")).join("")
    : request;
  return Buffer.from(first).toString("latin1").split(" ")[0] ?? "GET";
}
