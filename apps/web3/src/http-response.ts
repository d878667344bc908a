// Lesson web3: an HTTP response, written by hand (RFC 9112). A status line, header lines, an
// empty line, then the body: the client learns where the body ends from Content-Length, so it
// must be the body's length in BYTES ("Pão" is 4 bytes in UTF-8), not in characters.

/** A response, before it is turned into bytes. */
export interface Response {
  status: number;
  /** `text/html; charset=utf-8`, `application/json`... */
  contentType: string;
  body: string;
  /** Headers of its own: Allow, Retry-After, Location... */
  headers?: Record<string, string>;
}

/** The reason phrase of each status this server sends. */
export const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  303: "See Other",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  411: "Length Required",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

/**
 * The bytes of a response: status line, headers, empty line, body. `omitBody` for HEAD (the
 * headers GET would get, Content-Length included, and no body). `keepAlive`: the connection
 * stays open for the next request, and for how long it may wait idle (`Keep-Alive: timeout=N`;
 * an HTTP/1.0 client, for which closing is the default, is told `Connection: keep-alive`).
 * Without it the server will close the connection, and says `Connection: close`.
 */
export function formatResponse(
  response: Response,
  options: { omitBody: boolean; keepAlive?: { version: "1.0" | "1.1"; timeout: number } },
): Buffer {
  const { keepAlive } = options;
  const body = Buffer.from(response.body, "utf8");
  const lines = [
    `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ""}`,
    `Date: ${new Date().toUTCString()}`, // "Mon, 07 Dec 2026 21:55:43 GMT", as RFC 9110 writes dates
    `Content-Type: ${response.contentType}`,
    `Content-Length: ${body.length}`, // bytes, not characters
    ...Object.entries(response.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ...(keepAlive === undefined
      ? ["Connection: close"]
      : [
          ...(keepAlive.version === "1.0" ? ["Connection: keep-alive"] : []),
          `Keep-Alive: timeout=${keepAlive.timeout}`,
        ]),
  ];
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return options.omitBody ? head : Buffer.concat([head, body]);
}

/** The error codes of the product protocol (packages/protocol) that statuses stand for. */
const API_CODES: Record<number, string> = { 404: "NOT_FOUND", 409: "DUPLICATE_CODE", 413: "TOO_LARGE", 503: "BUSY" };

/**
 * An error response with a short body saying why: JSON under /api/ (a program reads it), an
 * HTML page anywhere else (a person reads it). `code`: the JSON error code, when the status
 * alone does not say it (BAD_JSON and BAD_REQUEST are both 400).
 */
export function errorResponse(
  status: number,
  message: string,
  path = "/",
  options: { code?: string; headers?: Record<string, string> } = {},
): Response {
  const { headers } = options;
  if (path.startsWith("/api/")) {
    const code =
      options.code ?? API_CODES[status] ?? STATUS_TEXT[status]?.toUpperCase().replaceAll(" ", "_") ?? "ERROR";
    const body = JSON.stringify({ ok: false, error: { code, message } });
    return { status, contentType: "application/json", body, headers };
  }
  const title = `${status} ${STATUS_TEXT[status] ?? ""}`;
  const body = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1>\n<p>${escapeHtml(message)}</p></body></html>\n`;
  return { status, contentType: "text/html; charset=utf-8", body, headers };
}

/**
 * Text made safe to put in HTML: `<script>` shows as text instead of running. Whatever came
 * from the client goes through this before it goes into a page.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
