// Lesson web2: an HTTP request, framed and parsed by hand (RFC 9112). A request is text
// lines: the request line (`POST /api/products HTTP/1.1`), header lines (`Content-Length: 52`),
// an empty line, then a body of exactly Content-Length bytes. TCP keeps no message
// boundaries, so the bytes are kept until the head has arrived, then until the whole body has:
// and the limits are decided as soon as they are known, before keeping more.

/** The longest request line we read (without its line end): a longer one gets 414. */
export const MAX_REQUEST_LINE_BYTES = 8 * 1024;
/** The largest head (request line, headers and the empty line): a larger one gets 431. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** The largest body we accept: a larger Content-Length gets 413 before a byte of it is read. */
export const MAX_BODY_BYTES = 1024 * 1024;

const LF = 0x0a; // "\n"
const CR = 0x0d; // "\r"

/** A request the server will not serve: the status that says why, and the connection closes. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The request's path, when the request line was read: errors under /api/ are JSON. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** A request head, parsed. */
export interface RequestHead {
  method: string;
  /** The target as sent (`/?q=1`). */
  target: string;
  /** The target without its query (`/`). */
  path: string;
  /** 1.0 or 1.1 (a later 1.x is served as 1.1). */
  version: "1.0" | "1.1";
  /** Every header line in the order sent, the name as the client wrote it. */
  headers: Array<[name: string, value: string]>;
}

/** A whole request: its head, and its body (empty without a Content-Length). */
export interface Request extends RequestHead {
  body: Buffer;
}

/** A header's value, or undefined; names are case-insensitive (`host`, `Host`, `HOST`). */
export function headerValue(head: RequestHead, name: string): string | undefined {
  return head.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * Cuts requests out of a byte stream: a head, then as many bytes of body as its Content-Length
 * says. Bytes that are not a whole head yet are copied into
 * one buffer that doubles when full: a head that arrives one byte per read costs its bytes, not
 * a Buffer object per read.
 */
export class RequestDecoder {
  private bytes = Buffer.alloc(0);
  /** The bytes received and not yet cut out: bytes[start, end). */
  private start = 0;
  private end = 0;
  /** Where the line being read starts, and how far the search for its "\n" has gone. */
  private lineStart = 0;
  private scanned = 0;
  /** A head that has arrived, waiting for the rest of its body. */
  private head: RequestHead | undefined;
  private bodyBytes = 0;

  /** Feeds one chunk; yields each request it completes, in order. A bad request throws HttpError. */
  *push(chunk: Buffer): Generator<Request, void, undefined> {
    this.append(chunk);
    for (;;) {
      if (this.head === undefined) {
        this.head = this.cutHead();
        if (this.head === undefined) return; // the rest of the head is still on its way
        this.bodyBytes = bodyLength(this.head);
      }
      if (this.end - this.start < this.bodyBytes) return; // the rest of the body is still on its way
      // A copy: the buffer is reused for the bytes that come next.
      const body = Buffer.from(this.bytes.subarray(this.start, this.start + this.bodyBytes));
      this.start = this.lineStart = this.scanned = this.start + this.bodyBytes;
      const request = { ...this.head, body };
      this.head = undefined;
      yield request;
    }
  }

  /** Why the bytes kept are no whole request, when the client has closed its side (FIN). */
  get unfinished(): HttpError | undefined {
    if (this.head !== undefined) {
      const message = `the connection ended after ${this.end - this.start} of the ${this.bodyBytes} bytes of the body its Content-Length announced`;
      return new HttpError(400, message, this.head.path);
    }
    if (this.bufferedBytes === 0) return undefined;
    return new HttpError(400, "the connection ended before the empty line that ends a request head");
  }

  /** Bytes of a request that has not arrived whole (the client may have left in the middle of one). */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  /** The memory the decoder holds for it: at most about twice the bytes it keeps and the read that came with them. */
  get memoryBytes(): number {
    return this.bytes.length;
  }

  private append(chunk: Buffer): void {
    if (this.bufferedBytes === 0) {
      // Nothing kept: a buffer that grew for a big read is let go rather than held for good.
      if (this.bytes.length > 2 * MAX_HEAD_BYTES) this.bytes = Buffer.alloc(0);
    }
    if (this.end + chunk.length > this.bytes.length) {
      // Move what is left to the front, into a bigger buffer if it still does not fit.
      const kept = this.bytes.subarray(this.start, this.end);
      const needed = kept.length + chunk.length;
      const target = needed > this.bytes.length ? Buffer.alloc(Math.max(256, 2 * needed)) : this.bytes;
      kept.copy(target, 0);
      this.lineStart -= this.start;
      this.scanned -= this.start;
      this.bytes = target;
      this.end = kept.length;
      this.start = 0;
    }
    chunk.copy(this.bytes, this.end);
    this.end += chunk.length;
  }

  /** The next complete head, if all of it has arrived; undefined while it has not. */
  private cutHead(): RequestHead | undefined {
    // Empty lines before a request line are skipped (RFC 9112 §2.2): some clients send one
    // after a request's body.
    while (this.lineStart === this.start && this.start < this.end) {
      const skip = this.bytes[this.start] === LF ? 1 : this.isCrLf(this.start) ? 2 : 0;
      if (skip === 0) break;
      this.start += skip;
      this.lineStart = this.scanned = this.start;
    }
    // Look for the end of each line in the bytes not searched yet. The line ends at "\n"
    // ("\r\n" from every browser; a bare "\n" is accepted too); an empty line ends the head.
    for (;;) {
      const newline = this.bytes.subarray(0, this.end).indexOf(LF, this.scanned);
      if (newline === -1) break;
      const lineBytes = newline - this.lineStart - (newline > this.lineStart && this.bytes[newline - 1] === CR ? 1 : 0);
      if (this.lineStart === this.start && lineBytes > MAX_REQUEST_LINE_BYTES) throw requestLineTooLong();
      if (newline + 1 - this.start > MAX_HEAD_BYTES) throw headTooLarge();
      this.lineStart = this.scanned = newline + 1;
      if (lineBytes === 0) {
        // The empty line: the whole head is here. Parse it, and keep what follows it.
        const head = parseHead(this.bytes.subarray(this.start, newline + 1));
        this.start = this.lineStart;
        return head;
      }
    }
    this.scanned = this.end;
    // No empty line yet. Decide the limits now, before the next read adds more bytes.
    const cr = this.end > this.lineStart && this.bytes[this.end - 1] === CR ? 1 : 0;
    if (this.lineStart === this.start && this.end - this.start - cr > MAX_REQUEST_LINE_BYTES)
      throw requestLineTooLong();
    if (this.end - this.start > MAX_HEAD_BYTES) throw headTooLarge();
    return undefined;
  }

  private isCrLf(at: number): boolean {
    return this.bytes[at] === CR && at + 1 < this.end && this.bytes[at + 1] === LF;
  }
}

const requestLineTooLong = () => new HttpError(414, `the request line is longer than ${MAX_REQUEST_LINE_BYTES} bytes`);
const headTooLarge = () => new HttpError(431, `the request head is larger than ${MAX_HEAD_BYTES} bytes`);

// `GET /path HTTP/1.1`: a method (a "token"), a target (visible ASCII: a browser sends
// anything else %-encoded), a version, one space between each.
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Control characters (bytes 0-31 and 127) have no place in a header value; a tab is allowed.
const CONTROL = /(?![\t\x80-\x9f])\p{Cc}/u;

/** The head's lines (each without "\r\n" or "\n"), checked and parsed. */
function parseHead(bytes: Buffer): RequestHead {
  // latin1: one character per byte. A head is ASCII; a stray byte above 127 stays visible
  // as a character rather than failing to decode.
  const lines = bytes
    .toString("latin1")
    .split("\n")
    .slice(0, -2) // the empty line, and the nothing after its "\n"
    .map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  const [requestLine = "", ...fieldLines] = lines;

  const version = /^\S+ \S+ HTTP\/(\d+)\.\d+$/.exec(requestLine);
  if (version !== null && version[1] !== "1") {
    throw new HttpError(505, `this server speaks HTTP/1.x, not HTTP/${version[1]}`);
  }
  const match = REQUEST_LINE.exec(requestLine);
  if (match === null) {
    throw new HttpError(400, "the request line must be METHOD, a space, the target, a space, HTTP/1.1");
  }
  const [, method = "", target = "", , minor = ""] = match;
  // A proxy is sent the absolute form (`GET http://host/path HTTP/1.1`), and a server must
  // accept it too (RFC 9112 §3.2.2): its path is what follows the scheme and the host.
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  const origin = absolute === null ? target : `/${target.slice(absolute[0].length).replace(/^\//, "")}`;
  if (!origin.startsWith("/")) throw new HttpError(400, "the target must be a path that starts with /");
  const path = origin.split("?")[0] ?? origin;

  const headers: Array<[string, string]> = [];
  for (const line of fieldLines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    // No colon, a space before it, or a line that starts with one (the obsolete "folding" of
    // a long value onto the next line): each is refused, as RFC 9112 says a server may.
    if (colon <= 0 || !TOKEN.test(name)) {
      throw new HttpError(400, `a header line must be NAME: VALUE, with no space before the colon`, path);
    }
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (CONTROL.test(value)) throw new HttpError(400, `the ${name} header holds a control character`, path);
    headers.push([name, value]);
  }
  const head: RequestHead = {
    method,
    target,
    path,
    version: minor === "0" ? "1.0" : "1.1",
    headers,
  };
  // HTTP/1.1 requires exactly one Host (it names the site, when one server serves many).
  const hosts = headers.filter(([name]) => name.toLowerCase() === "host").length;
  if (head.version === "1.1" && hosts !== 1) {
    throw new HttpError(400, `an HTTP/1.1 request must have exactly one Host header, this one has ${hosts}`, path);
  }
  return head;
}

/**
 * How many bytes of body follow the head: its Content-Length (none: no body). Checked before
 * a byte of the body is kept: a length that is not a number, or two that disagree, leave no
 * way to tell where the body ends (400); one over the limit is refused at once (413).
 */
function bodyLength(head: RequestHead): number {
  if (headerValue(head, "transfer-encoding") !== undefined) {
    // A body in chunks of announced sizes (what `curl -T -` sends): this server does not read them.
    throw new HttpError(
      411,
      "this server reads a body by its Content-Length: send one instead of Transfer-Encoding",
      head.path,
    );
  }
  const lengths = head.headers.filter(([name]) => name.toLowerCase() === "content-length").map(([, value]) => value);
  if (lengths.length === 0) return 0;
  if (lengths.some((value) => value !== lengths[0]) || !/^\d+$/.test(lengths[0] ?? "")) {
    throw new HttpError(400, "Content-Length must be one number of bytes", head.path);
  }
  const length = Number(lengths[0]);
  if (length > MAX_BODY_BYTES) {
    throw new HttpError(413, `a body may be at most ${MAX_BODY_BYTES} bytes, this one says ${lengths[0]}`, head.path);
  }
  return length;
}
