import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the web1 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "one-read-whole-request",
    name: "one read taken as the whole request head",
    edits: [
      {
        file: "server.ts",
        from: "const request = requests.push(chunk).next().value;",
        to: 'const request = new RequestDecoder().push(Buffer.concat([chunk, Buffer.from("\\r\\n\\r\\n")])).next().value;',
      },
    ],
    caughtBy: "request-cut-anywhere",
  },
  {
    id: "content-length-characters",
    name: "the file read as a string, and Content-Length counted in its characters",
    edits: [
      {
        file: "static-files.ts",
        from: "await readFile(path.join(root, ...segments))",
        to: 'await readFile(path.join(root, ...segments), "utf8")',
      },
      {
        file: "http-response.ts",
        from: "`Content-Length: ${body.length}`",
        to: "`Content-Length: ${response.body.length}`",
      },
    ],
    caughtBy: "serves-files",
  },
  {
    id: "file-read-as-text",
    name: "the file read as UTF-8 text: bytes that are not UTF-8 are mangled",
    edits: [
      {
        file: "static-files.ts",
        from: "await readFile(path.join(root, ...segments))",
        to: 'await readFile(path.join(root, ...segments), "utf8")',
      },
    ],
    caughtBy: "binary-file",
  },
  {
    id: "dot-dot-allowed",
    name: "`..` not refused: the name joined to the folder as it is",
    edits: [{ file: "static-files.ts", from: ' || segment === ".."', to: "" }],
    caughtBy: "no-way-out",
  },
  {
    id: "checked-before-decoding",
    name: "the name checked before it is percent-decoded: `%2e%2e` passes as `..`",
    edits: [
      {
        file: "static-files.ts",
        from: "if (segments.some((segment) =>",
        to: 'if (encodedName.split("/").some((segment) =>',
      },
    ],
    caughtBy: "no-way-out",
  },
  {
    id: "absolute-path-allowed",
    name: "path.resolve(root, name): an absolute name replaces the folder",
    edits: [
      { file: "static-files.ts", from: 'segment === "" || ', to: "" },
      {
        file: "static-files.ts",
        from: "await readFile(path.join(root, ...segments))",
        to: "await readFile(path.resolve(root, name))",
      },
    ],
    caughtBy: "no-way-out",
  },
  {
    id: "head-with-body",
    name: "HEAD answered with the body too",
    edits: [{ file: "server.ts", from: 'omitBody: request?.method === "HEAD"', to: "omitBody: false" }],
    caughtBy: "head-file",
  },
  {
    id: "stops-reading-after-response",
    name: "after the response, the server stops reading: it closes with bytes unread (a reset)",
    edits: [{ file: "server.ts", from: "if (ended) continue;", to: "if (ended) break;" }],
    caughtBy: "unread-bytes",
  },
  {
    id: "destroys-after-response",
    name: "the server destroys the socket right after the response, with bytes unread (a reset)",
    edits: [
      { file: "server.ts", from: "socket.end(); // close: our FIN, sent after the response", to: "socket.destroy();" },
    ],
    caughtBy: "unread-bytes",
  },
  {
    id: "missing-file-200",
    name: "a missing file answered 200 with an empty body",
    edits: [
      {
        file: "static-files.ts",
        from: "return errorResponse(404, `there is no file ${JSON.stringify(name)} in the folder`);",
        to: 'return { status: 200, contentType: "text/plain; charset=utf-8", body: "" };',
      },
    ],
    caughtBy: "missing-files",
  },
  {
    id: "folder-read",
    name: 'only ENOENT taken for "no such file": a folder gets 500',
    edits: [{ file: "static-files.ts", from: '["ENOENT", "EISDIR", "ENOTDIR"]', to: '["ENOENT"]' }],
    caughtBy: "missing-files",
  },
  {
    id: "extension-case",
    name: "the extension looked up as it is written: `.PNG` is application/octet-stream",
    edits: [{ file: "static-files.ts", from: "path.extname(name).toLowerCase()", to: "path.extname(name)" }],
    caughtBy: "content-types",
  },
  {
    id: "text-without-charset",
    name: "text/plain without its charset",
    edits: [{ file: "static-files.ts", from: '".txt": "text/plain; charset=utf-8"', to: '".txt": "text/plain"' }],
    caughtBy: "content-types",
  },
  {
    id: "not-decoded",
    name: "the name not percent-decoded: `p%C3%A3o.txt` is looked for as it is",
    edits: [{ file: "static-files.ts", from: "name = decodeURIComponent(encodedName);", to: "name = encodedName;" }],
    caughtBy: "serves-files",
  },
  {
    id: "no-root-serves-cwd",
    name: 'without --root, names are joined to "": the server\'s own folder is served',
    edits: [{ file: "static-files.ts", from: /\n {2}if \(root === ""\) return errorResponse\(404[^\n]*/, to: "" }],
    caughtBy: "no-root",
  },
  {
    id: "bad-encoding-crashes",
    name: "a bad percent-encoding left to throw: the client is dropped without a response",
    edits: [
      {
        file: "static-files.ts",
        from: /try \{\n\s*name = decodeURIComponent\(encodedName\);[^\n]*\n\s*\} catch \{\n[^\n]*\n\s*\}/,
        to: "name = decodeURIComponent(encodedName);",
      },
    ],
    caughtBy: "bad-names",
  },
  {
    id: "any-method-serves",
    name: "any method on /files/NAME serves the file",
    edits: [
      {
        file: "server.ts",
        from: /if \(request\.method !== "GET" && request\.method !== "HEAD"\) \{\n {6}const message[^\n]*\n {6}return errorResponse\(405[^\n]*\n {4}\}\n {4}return serveFile/,
        to: "return serveFile",
      },
    ],
    caughtBy: "files-405",
  },
];
