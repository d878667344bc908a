// Lesson web3: web2 over persistent connections. A connection stays open for the next request
// (HTTP/1.1's default, "keep-alive"), so a browser loads a page and everything on it without
// a new handshake each time; a client may send several requests before it reads a response
// ("pipelining"), and each is answered in order, exactly once. Open connections cost memory,
// so idle ones are closed, a client too slow to send its head gets 408, and Ctrl-C closes the
// idle ones at once instead of waiting for them.
import { once } from "node:events";
import net from "node:net";
import { describeError, formatAddress } from "@socket-lessons/cli";
import { describeInvalid, type Product, ProductSchema } from "@socket-lessons/protocol";
import { HttpError, headerValue, type Request, RequestDecoder } from "./http-request.ts";
import { errorResponse, formatResponse, type Response, STATUS_TEXT } from "./http-response.ts";
import { productFromForm, productPage } from "./product-page.ts";

/** How long a client may go on sending after our response and FIN, before it is cut off. */
const FIN_WAIT_MS = 1000;

export interface ServerOptions {
  host: string;
  port: number;
  /** Clients served at once; the next one gets 503. */
  maxClients: number;
  /** Seconds an open connection may wait for its next request before it is closed. */
  idleTimeout: number;
  /** Seconds a client has to send a whole request head (a slower one gets 408). */
  headerTimeout: number;
  /** Do not log each request. */
  /** Aborted when the server must stop (Ctrl-C): `listen` then closes the listening socket. */
  signal?: AbortSignal;
}

/** Serves clients until it is stopped; `console` is where it prints. */
export async function runServer(options: ServerOptions, console: Console): Promise<void> {
  // The products, by code: a Map finds a duplicate at once, and keeps the order of adding.
  // One list, shared by every client.
  const products = new Map<number, Product>();

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
      const busy = errorResponse(503, message, "/", { headers: { "Retry-After": "1" } });
      socket.end(formatResponse(busy, { omitBody: false }));
      socket.resume(); // drop whatever it sends, until it closes (or is cut off, below)
      socket.setTimeout(FIN_WAIT_MS, () => socket.destroy());
      console.log(`${client} turned away: 503 (${most} already)`);
      return;
    }
    serving += 1;
    const log = (line: string) => console.log(`${client}: ${line}`);
    try {
      await serveClient(socket, products, options, log);
    } catch (error) {
      // One client's trouble (it vanished, left mid-request) ends its session, and nothing else.
      console.error(`${client} left: ${describeError(error)}`);
    } finally {
      serving -= 1;
    }
  });
  await once(server, "close"); // after Ctrl-C, once every client is gone
}

/**
 * One client's connection: requests and their responses, in order, for as long as the client
 * keeps the connection open (and is not idle too long); then the lingering close.
 */
async function serveClient(
  socket: net.Socket,
  products: Map<number, Product>,
  options: ServerOptions,
  log: (line: string) => void,
): Promise<void> {
  // recv: a chunk may hold part of a request, or all of it and more: the end of one request
  // and the start of the next, or several whole ones (pipelining). The decoder keeps the bytes
  // until each head and then its whole body have arrived, and refuses one over the limits.
  const requests = new RequestDecoder();
  let ended = false; // our last response and our FIN have been sent
  let responding = false; // a response is being written (and waits for 'drain')
  let headTimer: NodeJS.Timeout | undefined; // the --header-timeout of the head on its way

  /** close: our FIN, after whatever is queued; a client that does not close in turn is cut off. */
  const close = () => {
    ended = true;
    clearTimeout(headTimer);
    socket.end();
    const cutOff = new Error(`it did not close its side within ${FIN_WAIT_MS} ms of ours: cut off`);
    setTimeout(() => socket.destroy(cutOff), FIN_WAIT_MS).unref();
  };
  /** send: one response, in one write; wait for 'drain' if the client is slow to read it. */
  const send = async (response: Response, request?: Request) => {
    // Keep the connection open unless the client asked to close it (or spoke HTTP/1.0 without
    // asking for keep-alive), the request was bad, or the server is stopping.
    const keepAlive = request !== undefined && wantsKeepAlive(request) && !stopping();
    const connection = keepAlive ? { version: request.version, timeout: options.idleTimeout } : undefined;
    const bytes = formatResponse(response, { omitBody: request?.method === "HEAD", keepAlive: connection });
    const line = request === undefined ? "" : `${request.method} ${request.target} HTTP/${request.version} → `;
    log(`${line}${response.status} ${STATUS_TEXT[response.status]}`);
    responding = true;
    if (!socket.write(bytes)) await once(socket, "drain");
    responding = false;
    if (!keepAlive) close();
  };
  /** A whole request or nothing has arrived: no request is on its way. */
  const betweenRequests = () => requests.bufferedBytes === 0 && !responding;

  // Idle: between two requests, a client may keep the connection open for the next one (a
  // browser keeps a few, some never used). After --idle-timeout seconds with nothing read or
  // written, it is closed with a FIN and no bytes: the client will open a new one if it needs it.
  socket.setTimeout(options.idleTimeout * 1000, () => {
    if (ended) return;
    if (betweenRequests()) {
      log(`idle for ${options.idleTimeout} s: closed`);
      close();
    } else if (responding) {
      // It does not read its response: nothing more can be said to it.
      socket.destroy(new Error(`it read nothing of its response for ${options.idleTimeout} s`));
    } else if (!requests.readingHead) {
      // Its body stalled half way (a head's time is --header-timeout's, below).
      // (An error while sending ends the loop below too, which reports it: nothing to do here.)
      send(errorResponse(408, `nothing came for ${options.idleTimeout} s in the middle of a request body`)).catch(
        () => {},
      );
    }
  });
  // A head must arrive whole within --header-timeout seconds of its first byte, however its
  // bytes trickle in: a "slowloris" client sends a byte now and then, never finishing, so as
  // to hold a connection forever. It gets 408 Request Timeout; the others are served meanwhile.
  const timeHead = () => {
    if (!requests.readingHead) {
      clearTimeout(headTimer);
      headTimer = undefined;
    } else {
      headTimer ??= setTimeout(() => {
        const message = `the request head did not arrive within ${options.headerTimeout} s`;
        if (!ended) send(errorResponse(408, message)).catch(() => {});
      }, options.headerTimeout * 1000);
    }
  };
  // Ctrl-C: a connection waiting for its next request is closed at once; one in the middle of
  // a request gets its response first (saying Connection: close), then is closed.
  const stopping = () => options.signal?.aborted === true;
  const stopNow = () => {
    if (!ended && betweenRequests()) close();
  };
  options.signal?.addEventListener("abort", stopNow);

  try {
    // `for await` over socket.iterator(...) rather than over the socket itself: by default the
    // loop destroys the socket when it ends, and it ends at the client's FIN, which only means
    // "I will send nothing more". The client still reads: we may still have a response to send.
    for await (const chunk of socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      // After our FIN we keep reading, and drop what comes, until the client's FIN ends this
      // loop: closing with bytes unread makes the kernel send a reset, which can destroy our
      // response before the client has read it ("lingering close", RFC 9112 §9.6).
      if (ended) continue;
      try {
        // Every request this chunk completes, in order, each answered once. While a response
        // waits for 'drain', no more is read: a client that sends and never reads cannot make
        // us queue responses without bound.
        for (const request of requests.push(chunk)) {
          clearTimeout(headTimer);
          headTimer = undefined;
          await send(respond(request, products), request);
          if (ended) break;
        }
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        // The rest of the stream cannot be trusted to be a request: say why, and hang up.
        await send(errorResponse(error.status, error.message, error.path));
      }
      if (!ended) timeHead();
      if (!ended && stopping()) stopNow();
    }
    // The client closed its side. In the middle of a request, that is a bad request.
    const unfinished = requests.unfinished;
    if (!ended && unfinished !== undefined) await send(errorResponse(400, unfinished.message, unfinished.path));
    if (!ended) close();
  } finally {
    clearTimeout(headTimer);
    options.signal?.removeEventListener("abort", stopNow);
  }
}

/**
 * Does the client want the connection kept open? HTTP/1.1: yes, unless it says
 * `Connection: close`. HTTP/1.0: no, unless it says `Connection: keep-alive`.
 */
function wantsKeepAlive(request: Request): boolean {
  const options = (headerValue(request, "connection") ?? "")
    .toLowerCase()
    .split(",")
    .map((word) => word.trim());
  return request.version === "1.1" ? !options.includes("close") : options.includes("keep-alive");
}

/** The response to one request: a route for each method and path. */
function respond(request: Request, products: Map<number, Product>): Response {
  const { method, path } = request;
  const reading = method === "GET" || method === "HEAD";
  if (path === "/") {
    if (reading) return { status: 200, contentType: HTML, body: productPage(products.values()) };
    if (method === "POST") return addFromForm(request, products);
    return notAllowed(request, "GET, HEAD, POST");
  }
  if (path === "/api/products") {
    if (reading) return json(200, { ok: true, products: [...products.values()] });
    if (method === "POST") return addFromJson(request, products);
    return notAllowed(request, "GET, HEAD, POST");
  }
  const code = /^\/api\/products\/(\d+)$/.exec(path)?.[1];
  if (code !== undefined) {
    if (!reading) return notAllowed(request, "GET, HEAD");
    const product = products.get(Number(code));
    if (product === undefined) return errorResponse(404, `no product has code ${code}`, path);
    return json(200, { ok: true, product });
  }
  return errorResponse(404, `there is no page at ${path}`, path);
}

const HTML = "text/html; charset=utf-8";
const json = (status: number, value: unknown): Response => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(value),
});

function notAllowed(request: Request, allow: string): Response {
  const message = `${request.path} takes ${allow}, not ${request.method}`;
  return errorResponse(405, message, request.path, { headers: { Allow: allow } });
}

/** POST / from the page's form: 303 back to the page, or the page with the error on it. */
function addFromForm(request: Request, products: Map<number, Product>): Response {
  const refused = refuseBody(request, "application/x-www-form-urlencoded");
  if (refused !== undefined) return refused;
  const product = ProductSchema.safeParse(productFromForm(request.body));
  const problem = product.success
    ? add(product.data, products)
    : { status: 400, message: describeInvalid(product.error) };
  if (problem !== undefined) {
    return { status: problem.status, contentType: HTML, body: productPage(products.values(), problem.message) };
  }
  // "See Other": the browser loads / with a GET, so that reloading the page does not send the form again.
  return {
    status: 303,
    contentType: HTML,
    body: '<a href="/">added: back to the list</a>\n',
    headers: { Location: "/" },
  };
}

// `fatal`: bytes that are not UTF-8 are an error, not silently "\uFFFD": never guess.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** POST /api/products with a JSON product: 201 and where it now lives, or the error in JSON. */
function addFromJson(request: Request, products: Map<number, Product>): Response {
  const refused = refuseBody(request, "application/json");
  if (refused !== undefined) return refused;
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(request.body));
  } catch (error) {
    const why = error instanceof SyntaxError ? "is not valid JSON" : "is not valid UTF-8";
    return errorResponse(400, `the body ${why}`, request.path, { code: "BAD_JSON" });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return errorResponse(400, "the body must be a JSON object: a product", request.path, { code: "BAD_JSON" });
  }
  const product = ProductSchema.safeParse(value);
  if (!product.success) {
    return errorResponse(400, describeInvalid(product.error), request.path, { code: "BAD_REQUEST" });
  }
  const problem = add(product.data, products);
  if (problem !== undefined) return errorResponse(problem.status, problem.message, request.path);
  const location = `/api/products/${product.data.code}`;
  return { ...json(201, { ok: true, product: product.data }), headers: { Location: location } };
}

/** A POST's body must have a length (411) and the type the route reads (415). */
function refuseBody(request: Request, type: string): Response | undefined {
  if (headerValue(request, "content-length") === undefined) {
    return errorResponse(411, "send the body with a Content-Length header", request.path);
  }
  const sent = headerValue(request, "content-type")?.split(";")[0]?.trim().toLowerCase();
  if (sent !== type) {
    return errorResponse(415, `the body must be ${type}, not ${sent ?? "of no stated type"}`, request.path);
  }
  return undefined;
}

/** Adds a checked product to the shared list, unless its code is taken (409). */
function add(product: Product, products: Map<number, Product>): { status: number; message: string } | undefined {
  if (products.has(product.code)) return { status: 409, message: `a product with code ${product.code} already exists` };
  products.set(product.code, product);
  return undefined;
}
