import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the web3 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "size-line-one-piece",
    name: "a chunk-size line read in one piece: what one read brought is taken for the whole line",
    edits: [
      {
        file: "http-request.ts",
        from: "if (newline === -1) return undefined;",
        to: 'if (newline === -1) {\n      this.start = this.end;\n      return window.toString("latin1").replace(/\\r$/, "");\n    }',
      },
    ],
    caughtBy: "size-line-cut-anywhere",
  },
  {
    id: "trailers-as-request",
    name: "the body ends at the chunk of size 0: its trailer lines are read as the next request",
    edits: [
      {
        file: "http-request.ts",
        from: "if (size === 0) body.trailers = true;",
        to: "if (size === 0) return Buffer.concat(body.chunks, body.total);",
      },
    ],
    caughtBy: "pipelined-chunked",
  },
  {
    id: "pipelined-dropped",
    name: "only the first request of a read is answered: a pipelined second one is dropped",
    edits: [
      {
        file: "server.ts",
        from: "for (const request of requests.push(chunk)) {",
        to: "for (const request of [...requests.push(chunk)].slice(0, 1)) {",
      },
    ],
    caughtBy: "pipelined-chunked",
  },
  {
    id: "lenient-sizes",
    name: "a chunk size read with parseInt: `0x5`, ` 5`, `+5` pass as 5",
    edits: [
      {
        file: "http-request.ts",
        from: "const digits = /^([0-9A-Fa-f]+)(;.*)?$/.exec(line)?.[1];",
        to: 'const parsed = Number.parseInt(line.split(";")[0] ?? "", 16);\n      const digits = Number.isNaN(parsed) || parsed < 0 ? undefined : parsed.toString(16);',
      },
    ],
    caughtBy: "bad-chunk-sizes",
  },
  {
    id: "data-crlf-unchecked",
    name: "the two bytes after a chunk's data skipped without looking: longer data passes",
    edits: [{ file: "http-request.ts", from: "if (!this.isCrLf(this.start + body.size)) {", to: "if (false) {" }],
    caughtBy: "bad-chunk-sizes",
  },
  {
    id: "bare-lf-chunk-lines",
    name: 'chunk lines ended by a bare "\\n" taken as lines',
    edits: [
      {
        file: "http-request.ts",
        from: 'if (window[newline - 1] !== CR) throw new HttpError(400, "a line of a chunked body must end in \\\\r\\\\n", path);\n    this.start += newline + 1;\n    return window.subarray(0, newline - 1).toString("latin1");',
        to: 'this.start += newline + 1;\n    return window.subarray(0, newline).toString("latin1").replace(/\\r$/, "");',
      },
    ],
    caughtBy: "bad-chunk-sizes",
  },
  {
    id: "transfer-encoding-wins",
    name: "Transfer-Encoding taken over Content-Length (the old rule), not refused",
    edits: [
      {
        file: "http-request.ts",
        from: 'throw new HttpError(400, "Transfer-Encoding and Content-Length together: send one of them", head.path);',
        to: "// Transfer-Encoding wins",
      },
    ],
    caughtBy: "transfer-codings",
  },
  {
    id: "any-coding-as-chunked",
    name: "any Transfer-Encoding read as chunked",
    edits: [{ file: "http-request.ts", from: 'codings[0]?.toLowerCase() !== "chunked"', to: "false" }],
    caughtBy: "transfer-codings",
  },
  {
    id: "limit-off-by-one",
    name: "a chunked body of exactly 1 MiB refused: the limit off by one byte",
    edits: [
      {
        file: "http-request.ts",
        from: "if (body.total > MAX_BODY_BYTES) {",
        to: "if (body.total >= MAX_BODY_BYTES) {",
      },
    ],
    caughtBy: "chunked-limit",
  },
  {
    id: "limit-after-data",
    name: "the 1 MiB limit checked once the chunk's data has come, not at its size",
    edits: [
      {
        file: "http-request.ts",
        from: /body\.total \+= size;\n\s*if \(body\.total > MAX_BODY_BYTES\) \{\n[^\n]*\n\s*\}\n/,
        to: "",
      },
      {
        file: "http-request.ts",
        from: "body.chunks.push(Buffer.from(this.bytes.subarray(this.start, this.start + body.size)));",
        to: 'body.total += body.size;\n        if (body.total > MAX_BODY_BYTES) throw new HttpError(413, "too large", path);\n        body.chunks.push(Buffer.from(this.bytes.subarray(this.start, this.start + body.size)));',
      },
    ],
    caughtBy: "chunked-limit",
  },
  {
    id: "line-limit-ignored",
    name: "a chunk line kept however long it grows (no 4096-byte limit)",
    edits: [
      {
        file: "http-request.ts",
        from: "if (lineBytes > MAX_CHUNK_LINE_BYTES) {",
        to: "if (lineBytes > 64 * MAX_CHUNK_LINE_BYTES) {",
      },
    ],
    caughtBy: "chunk-line-limit",
  },
  {
    id: "continue-after-body",
    name: "`100 Continue` sent once the whole request has come, not before its body",
    edits: [
      { file: "server.ts", from: "socket.write(CONTINUE);", to: "" },
      {
        file: "server.ts",
        from: "await send(respond(request, products), request);",
        to: "if (expectsContinue(request)) socket.write(CONTINUE);\n          await send(respond(request, products), request);",
      },
    ],
    caughtBy: "expect-continue",
  },
  {
    id: "continue-unasked",
    name: "`100 Continue` sent before every body, asked for or not",
    edits: [{ file: "server.ts", from: "&& expectsContinue(waiting)", to: "" }],
    caughtBy: "expect-continue",
  },
  {
    id: "chunked-needs-length",
    name: "a POST still refused with 411 without a Content-Length, chunked or not",
    edits: [{ file: "server.ts", from: "=== undefined && !chunked) {", to: "=== undefined) {" }],
    caughtBy: "chunked-product",
  },
  {
    id: "stops-reading-after-response",
    name: "after the response, the server stops reading: it closes with bytes unread (a reset)",
    edits: [{ file: "server.ts", from: "if (ended) continue;", to: "if (ended) break;" }],
    caughtBy: "unread-bytes",
  },
];
