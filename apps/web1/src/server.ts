// Lesson web1: HTTP/1.1 on a raw socket. v5's accept loop, now speaking the protocol of the
// web: a browser connects, sends a request head (text lines, ended by an empty line), and gets
// one response (a status line, headers, an empty line, a body). The page it gets shows the
// request it sent. One request per connection: the server closes after each response.
import { once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";
import { HttpError, RequestDecoder, type RequestHead } from "./http-request.ts";
import { errorResponse, escapeHtml, formatResponse, type Response, STATUS_TEXT } from "./http-response.ts";

/** How long a client may go on sending after our response and FIN, before it is cut off. */
const FIN_WAIT_MS = 1000;

export interface ServerOptions {
  host: string;
  port: number;
  /** Clients served at once; the next one gets 503. */
  maxClients: number;
  /** Seconds before an idle or stalled client is closed. */
  idleTimeout: number;
  /** Do not log each request. */
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves clients until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // socket + bind + listen: a listening socket on the address and port we were given.
  // allowHalfOpen: a client may send its FIN right after its request (`printf ... | nc -N`);
  // it still wants the response, so our side stays open until we end it ourselves.
  const server = net.createServer({ allowHalfOpen: true });
  server.listen({ host: options.host, port: options.port, signal: options.signal });
  // `once` turns the outcome into a promise: "listening", or the error (port in use...).
  await once(server, "listening");
  const { address, port } = server.address() as net.AddressInfo;
  console.log(`listening on ${formatAddress(address, port)}`);

  // accept: every connection, for as long as the server runs. No thread per client: each
  // session is an async function, and Node's event loop runs whichever one has bytes to
  // read, so thousands of mostly idle clients cost only their memory.
  let connections = 0;
  let serving = 0;
  server.on("connection", async (socket: net.Socket) => {
    const client = `client ${++connections} (${formatAddress(socket.remoteAddress, socket.remotePort)})`;
    if (serving >= options.maxClients) {
      // Too many at once: say so, and close, rather than let every client slow down.
      const most = `${options.maxClients} ${options.maxClients === 1 ? "client" : "clients"}`;
      const message = `the server is already serving ${most}, its most; try again later`;
      const busy = errorResponse(503, message, "/", { "Retry-After": "1" });
      socket.end(formatResponse(busy, { omitBody: false, close: true }));
      socket.resume(); // drop whatever it sends, until it closes (or is cut off, below)
      socket.setTimeout(FIN_WAIT_MS, () => socket.destroy());
      console.log(`${client} turned away: 503 (${most} already)`);
      return;
    }
    // A client that sends nothing, or stops reading its response, is closed after a while:
    // each open connection holds memory and a file descriptor. setTimeout counts the time
    // with nothing read and nothing written; our callback ends the session with an error.
    const idleMs = options.idleTimeout * 1000;
    socket.setTimeout(idleMs, () => {
      socket.destroy(
        new Error(`timed out after ${idleMs} ms waiting for the client to send a request or read a response`),
      );
    });
    serving += 1;
    const log = (line: string) => console.log(`${client}: ${line}`);
    try {
      await serveClient(socket, log);
    } catch (error) {
      // One client's trouble (it vanished, left mid-request, idled) ends its session, and nothing else.
      console.error(`${client} left: ${describeError(error)}`);
    } finally {
      serving -= 1;
    }
  });
  await once(server, "close"); // after Ctrl-C, once every client is gone
}

/** One client's connection: one request, one response, then the lingering close. */
async function serveClient(socket: net.Socket, log: (line: string) => void): Promise<void> {
  // recv: a chunk may hold part of the request head, or all of it and more. The decoder
  // keeps the bytes until the empty line that ends the head, and refuses a head over the limits.
  const requests = new RequestDecoder();
  let ended = false; // our response and our FIN have been sent
  /** send: the response, in one write; wait for 'drain' if the client is slow to read it. */
  const send = async (response: Response, request?: RequestHead) => {
    const bytes = formatResponse(response, { omitBody: request?.method === "HEAD", close: true });
    ended = true;
    const line = request === undefined ? "" : `${request.method} ${request.target} HTTP/${request.version} → `;
    log(`${line}${response.status} ${STATUS_TEXT[response.status]}`);
    if (!socket.write(bytes)) await once(socket, "drain");
  };
  // `for await` over socket.iterator(...) rather than over the socket itself: by default the
  // loop destroys the socket when it ends, and it ends at the client's FIN, which only means
  // "I will send nothing more". The client still reads: we may still have a response to send.
  for await (const chunk of socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    // After our FIN we keep reading, and drop what comes, until the client's FIN ends this
    // loop: closing with bytes unread makes the kernel send a reset, which can destroy our
    // response before the client has read it ("lingering close", RFC 9112 §9.6).
    if (ended) continue;
    try {
      // One request per connection: the first head is answered, the rest is dropped.
      const request = requests.push(chunk).next().value;
      if (request !== undefined) await send(respond(request), request);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // The rest of the stream cannot be trusted to be a request: say why, and hang up.
      await send(errorResponse(error.status, error.message, error.path));
    }
    if (ended) {
      socket.end(); // close: our FIN, sent after the response
      // A client that goes on sending after our FIN, or never closes, is cut off after a while.
      const cutOff = new Error(`it did not close its side within ${FIN_WAIT_MS} ms of ours: cut off`);
      setTimeout(() => socket.destroy(cutOff), FIN_WAIT_MS).unref();
    }
  }
  // The client closed its side. In the middle of a request head, that is a bad request.
  if (!ended && requests.bufferedBytes > 0) {
    await send(errorResponse(400, `the connection ended before the empty line that ends a request head`));
  }
  socket.end();
}

/** The response to one request: web1 serves one page, which shows the request itself. */
function respond(request: RequestHead): Response {
  if (request.path !== "/") return errorResponse(404, `there is no page at ${request.path}`, request.path);
  if (request.method !== "GET" && request.method !== "HEAD") {
    const message = `${request.path} can only be read (GET or HEAD), not ${request.method}`;
    return errorResponse(405, message, request.path, { Allow: "GET, HEAD" });
  }
  return { status: 200, contentType: "text/html; charset=utf-8", body: requestPage(request) };
}

/** The page that shows a request as it arrived: every header, escaped, so that nothing in it runs. */
function requestPage(request: RequestHead): string {
  const lines = [
    `${request.method} ${request.target} HTTP/${request.version}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  const reads = request.reads === 1 ? "1 read" : `${request.reads} reads`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>web1: the request your browser sent</title></head>
<body>
<h1>The request your browser sent</h1>
<pre>${escapeHtml(lines.join("\n"))}</pre>
<p>${request.bytes} bytes, up to the empty line that ends the head; they arrived in ${reads}.</p>
</body>
</html>
`;
}
