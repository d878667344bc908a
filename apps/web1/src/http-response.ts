// Lesson web1: an HTTP response, written by hand (RFC 9112). A status line, header lines, an
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
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  414: "URI Too Long",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
  505: "HTTP Version Not Supported",
};

/**
 * The bytes of a response: status line, headers, empty line, body. `omitBody` for HEAD (the
 * headers GET would get, Content-Length included, and no body); `close` says the server will
 * close the connection after it, so that the client does not wait for another response.
 */
export function formatResponse(response: Response, options: { omitBody: boolean; close: boolean }): Buffer {
  const body = Buffer.from(response.body, "utf8");
  const lines = [
    `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ""}`,
    `Date: ${new Date().toUTCString()}`, // "Mon, 07 Dec 2026 21:55:43 GMT", as RFC 9110 writes dates
    `Content-Type: ${response.contentType}`,
    `Content-Length: ${body.length}`, // bytes, not characters
    ...Object.entries(response.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ...(options.close ? ["Connection: close"] : []),
  ];
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return options.omitBody ? head : Buffer.concat([head, body]);
}

/**
 * An error response with a short body saying why: JSON under /api/ (a program reads it), an
 * HTML page anywhere else (a person reads it).
 */
export function errorResponse(status: number, message: string, path = "/", headers?: Record<string, string>): Response {
  if (path.startsWith("/api/")) {
    const code = STATUS_TEXT[status]?.toUpperCase().replaceAll(" ", "_") ?? "ERROR";
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
