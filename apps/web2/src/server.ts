// Lesson web2: the product list of v5 as a web page and a JSON API. Still one request per
// connection, as in web1; what is new is what a request may ask: routes (a method and a path),
// request bodies read by their Content-Length (a form, a JSON product), and a status for each
// outcome. Every client shares one product list, as in v5.
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
  /** Seconds before an idle or stalled client is closed. */
  idleTimeout: number;
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
      await serveClient(socket, products, log);
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
async function serveClient(
  socket: net.Socket,
  products: Map<number, Product>,
  log: (line: string) => void,
): Promise<void> {
  // recv: a chunk may hold part of a request, or all of it and more. The decoder keeps the
  // bytes until the head and then its whole body have arrived, and refuses one over the limits.
  const requests = new RequestDecoder();
  let ended = false; // our response and our FIN have been sent
  /** send: the response, in one write; wait for 'drain' if the client is slow to read it. */
  const send = async (response: Response, request?: Request) => {
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
      // One request per connection: the first one is answered, the rest is dropped.
      const request = requests.push(chunk).next().value;
      if (request !== undefined) await send(respond(request, products), request);
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
  // The client closed its side. In the middle of a request, that is a bad request.
  const unfinished = requests.unfinished;
  if (!ended && unfinished !== undefined) await send(errorResponse(400, unfinished.message, unfinished.path));
  socket.end();
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
