import type { PlantedBug } from "../../src/planted-bug.ts";

/** The server's test for a whole line, and the client's: where the line's "\n" is. */
const SERVER_NEWLINE = 'const newline = chunk.indexOf("\\n");';
const CLIENT_NEWLINE = 'const newline = rest.indexOf("\\n");';

/** Classic mistakes in the v2 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  // --- the server ---
  {
    id: "server-one-read-one-line",
    name: 'one read is one message (the server takes a chunk without "\\n" as the whole name)',
    edits: [
      {
        file: "server.ts",
        from: SERVER_NEWLINE,
        to: 'const newline = chunk.includes("\\n") ? chunk.indexOf("\\n") : chunk.length;',
      },
    ],
    caughtBy: "name-byte-by-byte",
  },
  {
    id: "one-data-event-one-line",
    name: 'the naive server: one `data` event is one line (the whole chunk, less a final "\\n")',
    edits: [
      {
        file: "server.ts",
        from: SERVER_NEWLINE,
        to: "const newline = chunk.at(-1) === 0x0a ? chunk.length - 1 : chunk.length;",
      },
    ],
    caughtBy: "name-byte-by-byte",
  },
  {
    id: "decodes-each-chunk",
    name: "each chunk decoded as UTF-8 on its own (a character cut in two becomes U+FFFD)",
    edits: [
      {
        file: "server.ts",
        from: "piece.copy(line, received);",
        to: 'Buffer.from(piece.toString("utf8")).copy(line, received);',
      },
    ],
    caughtBy: "name-byte-by-byte",
  },
  {
    id: "server-keeps-cr",
    name: 'the "\\r" of a "\\r\\n" kept in the name',
    edits: [
      {
        file: "server.ts",
        from: "const bytes = line.at(-1) === 0x0d ? line.subarray(0, -1) : line;",
        to: "const bytes = line;",
      },
    ],
    caughtBy: "crlf",
  },
  {
    id: "destroys-after-greeting",
    name: "the server leaves its read loop (destroying the socket) right after the greeting, without reading to the client's FIN",
    edits: [
      {
        file: "server.ts",
        from: "socket.end(`Hello, ${name}!\\n`);",
        to: "socket.end(`Hello, ${name}!\\n`);\n    break;",
      },
    ],
    caughtBy: "greets-by-name",
  },
  {
    id: "partial-name-taken",
    name: 'a client that leaves in the middle of its name: what came is taken as the name (no "\\n" needed)',
    edits: [
      {
        file: "server.ts",
        from: "  if (name === undefined) {",
        to: "  if (name === undefined && received > 0) {\n    console.log(`client is called ${textOf(line.subarray(0, received))}`);\n    return;\n  }\n  if (name === undefined) {",
      },
    ],
    caughtBy: "leaves-without-name",
  },
  {
    id: "silent-failure",
    name: "a client that leaves without a name: the server exits 1, and says nothing",
    edits: [
      {
        file: "server.ts",
        from: "  if (name === undefined) {",
        to: "  if (name === undefined) {\n    process.exit(1);",
      },
    ],
    caughtBy: "leaves-without-name",
  },
  {
    id: "stack-trace",
    name: "a client that leaves without a name: the server prints the error with its stack trace",
    edits: [
      {
        file: "server.ts",
        from: "  if (name === undefined) {",
        to: '  if (name === undefined) {\n    console.error(new Error("the client left without its name"));\n    process.exit(1);',
      },
    ],
    caughtBy: "leaves-without-name",
  },
  {
    id: "server-limit-off-by-one",
    name: "the server refuses a line of exactly 64 KiB (>= for >)",
    edits: [
      {
        file: "server.ts",
        from: "if (received + piece.length > MAX_LINE_BYTES)",
        to: "if (received + piece.length >= MAX_LINE_BYTES)",
      },
    ],
    caughtBy: "line-limit",
  },
  {
    id: "server-limit-in-characters",
    name: "the server counts a line's characters against the limit, not its bytes",
    edits: [{ file: "server.ts", from: "received += piece.length;", to: 'received += piece.toString("utf8").length;' }],
    caughtBy: "line-limit",
  },
  {
    id: "server-no-limit",
    name: 'the server keeps a line without "\\n" without limit',
    edits: [
      { file: "server.ts", from: /\n\s*if \(received \+ piece\.length > MAX_LINE_BYTES\) \{\n.*\n\s*\}/, to: "" },
    ],
    caughtBy: "line-limit",
  },
  // --- the client ---
  {
    id: "client-one-read-one-line",
    name: 'one read is one message (the client takes a chunk without "\\n" as the whole question)',
    edits: [
      {
        file: "client.ts",
        from: CLIENT_NEWLINE,
        to: 'const newline = rest.includes("\\n") ? rest.indexOf("\\n") : rest.length;',
      },
    ],
    caughtBy: "client-byte-by-byte",
  },
  {
    id: "client-decodes-each-chunk",
    name: "the client decodes each chunk as UTF-8 on its own (a character cut in two becomes U+FFFD)",
    edits: [
      {
        file: "client.ts",
        from: "piece.copy(line, received);",
        to: 'Buffer.from(piece.toString("utf8")).copy(line, received);',
      },
    ],
    caughtBy: "client-byte-by-byte",
  },
  {
    id: "client-drops-after-line",
    name: 'dropping the bytes after a line\'s "\\n" (the client loses a greeting that came with the question)',
    edits: [{ file: "client.ts", from: /rest = rest\.subarray\(newline \+ 1\);.*$/m, to: "rest = Buffer.alloc(0);" }],
    caughtBy: "client-one-chunk",
  },
  {
    id: "client-exits-at-once",
    name: "the client calls process.exit(0) after printing the greeting, without reading to the server's FIN",
    edits: [
      {
        file: "client.ts",
        from: 'socket.end(); // close: our FIN, "I will send nothing more"',
        to: "process.exit(0);",
      },
    ],
    caughtBy: "client-conversation",
  },
  {
    id: "client-hard-coded-question",
    name: "the client prints the question it expects, not the one that came",
    edits: [
      {
        file: "client.ts",
        from: "console.log(`server asks: ${printable(question)}`);",
        to: 'console.log("server asks: What is your name?");',
      },
    ],
    caughtBy: "client-byte-by-byte",
  },
  {
    id: "client-made-up-greeting",
    name: "the client prints the greeting it expects (`Hello, NAME!`), not the one that came",
    edits: [
      {
        file: "client.ts",
        from: "console.log(`server says: ${printable(greeting)}`);",
        to: "console.log(`server says: Hello, ${options.name}!`);",
      },
    ],
    caughtBy: "client-byte-by-byte",
  },
  {
    id: "client-wrong-default",
    name: "--name defaults to another name than Maria",
    edits: [{ file: "bin/client.ts", from: '"Maria")', to: '"Ana")' }],
    caughtBy: "client-default-name",
  },
  {
    id: "client-partial-greeting",
    name: "a server that closes in the middle of its greeting: the client prints what came as the greeting, and exits 0",
    edits: [
      {
        file: "client.ts",
        from: "  if (greeting === undefined) {",
        to: "  if (greeting === undefined && question !== undefined && received > 0) {\n    console.log(`server says: ${textOf(line.subarray(0, received))}`);\n    return;\n  }\n  if (greeting === undefined) {",
      },
    ],
    caughtBy: "client-no-greeting",
  },
  {
    id: "client-limit-off-by-one",
    name: "the client refuses a line of exactly 64 KiB (>= for >)",
    edits: [
      {
        file: "client.ts",
        from: "if (received + piece.length > MAX_LINE_BYTES)",
        to: "if (received + piece.length >= MAX_LINE_BYTES)",
      },
    ],
    caughtBy: "client-line-limit",
  },
];
