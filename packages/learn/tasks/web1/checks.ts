import path from "node:path";
import type { Check } from "../../src/checker/check.ts";
import {
  expectNoReset,
  expectResponse,
  type HttpRequest,
  methods,
  requestBytes,
  sendRequest,
} from "../../src/checker/http-steps.ts";
import { connect, dribble, expectOpen, startServer } from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { CheckFolder, encodedName, fileStem, fileText } from "./folder.ts";
import { HEAD_ROWS, malformedRequests } from "./malformed.ts";

/** The content types of the task's text, by extension. */
const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".svg": "image/svg+xml",
};
const typeOf = (name: string) => TYPES[path.extname(name).toLowerCase()] ?? "application/octet-stream";

const get = (target: HttpRequest["target"], more: Partial<HttpRequest> = {}): HttpRequest => ({ target, ...more });
/** GET /files/NAME, and its file back as it is, with its type; then the server's FIN. */
const servesFile = (conn: string, name: string, content: string | Uint8Array, lowercase = false, query = "") => [
  sendRequest(conn, get(`/files/${encodedName(name, lowercase)}${query}`)),
  expectResponse(conn, {
    status: 200,
    what: text(`the file ${name}`, `o arquivo ${name}`),
    headers: { "Content-Type": typeOf(name) },
    body: content,
    close: true,
    last: true,
  }),
];
/** A request on a connection of its own (straight: the bytes' cuts are not what is checked), and its status. */
const answers = (conn: string, request: HttpRequest, status: number, more: { allow?: string[] } = {}) => [
  connect(conn, "direct"),
  sendRequest(conn, request),
  expectResponse(conn, {
    status,
    what: shown(request),
    ...(more.allow === undefined ? {} : { headers: { Allow: methods(...more.allow) } }),
    close: true,
    last: true,
  }),
];
/** A request as a failure names it: `GET /files/..%2fsecret.txt`. */
const shown = (request: HttpRequest) => {
  const target = typeof request.target === "string" ? request.target : "/files/ABSOLUTE-PATH";
  return text(`${request.method ?? "GET"} ${target}`, `${request.method ?? "GET"} ${target}`);
};
const withRoot = (folder: CheckFolder) => [folder.create, startServer("--root", () => folder.path("public"))];

export const checks: readonly Check[] = [
  {
    id: "serves-files",
    title: text(
      "GET /files/NAME answers the file's bytes and type (its name percent-encoded, in a subfolder too, a query aside), with Content-Length in bytes and Connection: close",
      "GET /files/NOME responde com os bytes e o tipo do arquivo (o nome em percent-encoding, numa subpasta também, ignorando a query), Content-Length em bytes e Connection: close",
    ),
    steps: (input) => {
      const files = [
        { name: `${fileStem(input, " ")}.txt`, content: fileText(input) },
        {
          name: `${input.letters(4)}/${fileStem(input)}.html`,
          content: `<p>${fileText(input)}</p>\n`,
          lowercase: true,
        },
        {
          name: `${input.letters(6)}.json`,
          content: `${JSON.stringify({ name: input.name(), note: fileText(input) })}\n`,
          query: `?v=${input.int(1, 99)}`,
        },
      ];
      const folder = new CheckFolder(Object.fromEntries(files.map((file) => [`public/${file.name}`, file.content])));
      return [
        ...withRoot(folder),
        ...files.flatMap((file, i) => [
          connect(`file ${i + 1}`),
          ...servesFile(`file ${i + 1}`, file.name, file.content, file.lowercase, file.query),
        ]),
      ];
    },
  },
  {
    id: "binary-file",
    title: text(
      "a binary file (all 256 byte values) comes back byte for byte, as image/png",
      "um arquivo binário (todos os 256 valores de byte) volta byte a byte, como image/png",
    ),
    steps: (input) => {
      const name = `${fileStem(input)}.png`;
      const bytes = Buffer.from(input.shuffle(Array.from({ length: 256 }, (_, value) => value)));
      const folder = new CheckFolder({ [`public/${name}`]: bytes });
      return [...withRoot(folder), connect("c"), ...servesFile("c", name, bytes)];
    },
  },
  {
    id: "content-types",
    title: text(
      "each extension of the table gets its Content-Type, in any letter case; any other, or none, application/octet-stream",
      "cada extensão da tabela recebe o seu Content-Type, em maiúsculas ou minúsculas; qualquer outra, ou nenhuma, application/octet-stream",
    ),
    steps: (input) => {
      const upper = input.pick(Object.keys(TYPES));
      const names = [
        ...Object.keys(TYPES).map((extension) => `${input.letters(5)}${extension}`),
        `${input.letters(5)}${upper.toUpperCase()}`,
        `${input.letters(5)}.${input.pick(["bin", "dat", "md", "zip", "htmlx"])}`,
        `${input.pick(["README", "LICENSE", "Makefile"])}-${input.letters(3)}`,
      ];
      const contents = names.map(() => input.letters(input.int(1, 40)));
      const folder = new CheckFolder(
        Object.fromEntries(names.map((name, i) => [`public/${name}`, contents[i] as string])),
      );
      return [
        ...withRoot(folder),
        ...names.flatMap((name, i) => [
          connect(`file ${i + 1}`, "direct"),
          ...servesFile(`file ${i + 1}`, name, contents[i] as string),
        ]),
      ];
    },
  },
  {
    id: "head-file",
    title: text(
      "HEAD /files/NAME gets the head GET would get, its Content-Length the file's size in bytes, and no body",
      "HEAD /files/NOME recebe o cabeçalho que o GET receberia, com o Content-Length do tamanho do arquivo em bytes, e nenhum corpo",
    ),
    steps: (input) => {
      const name = `${fileStem(input)}.txt`;
      const content = fileText(input);
      const folder = new CheckFolder({ [`public/${name}`]: content });
      return [
        ...withRoot(folder),
        connect("c"),
        sendRequest("c", { method: "HEAD", target: `/files/${encodedName(name)}` }),
        expectResponse("c", {
          status: 200,
          headers: { "Content-Type": typeOf(name), "Content-Length": String(Buffer.byteLength(content)) },
          noBody: true,
          close: true,
          last: true,
        }),
      ];
    },
  },
  {
    id: "missing-files",
    title: text(
      "a name that is no file in the folder (nothing there, a folder, a file taken for a folder) gets 404 with a page saying why",
      "um nome que não é arquivo na pasta (nada ali, uma pasta, um arquivo tomado por pasta) recebe 404 com uma página dizendo por quê",
    ),
    steps: (input) => {
      const file = `${fileStem(input)}.txt`;
      const folderName = input.letters(5);
      const folder = new CheckFolder({ [`public/${file}`]: fileText(input), [`public/${folderName}/x.txt`]: "x" });
      const missing = `${fileStem(input)}.txt`;
      return [
        ...withRoot(folder),
        connect("c"),
        sendRequest("c", get(`/files/${encodedName(missing)}`)),
        expectResponse("c", {
          status: 404,
          what: text(`the file ${missing}, which is not there`, `o arquivo ${missing}, que não existe`),
          headers: { "Content-Type": "text/html; charset=utf-8" },
          close: true,
          last: true,
        }),
        ...answers("folder", get(`/files/${folderName}`), 404),
        ...answers("under a file", get(`/files/${encodedName(file)}/x.txt`), 404),
      ];
    },
  },
  {
    id: "no-way-out",
    title: text(
      "no way out of the folder: a name with `..` (as `..`, `%2e%2e` or `%2E%2E%2F`) or an absolute path gets 400, and the file outside is never served",
      "nenhuma saída da pasta: um nome com `..` (como `..`, `%2e%2e` ou `%2E%2E%2F`) ou um caminho absoluto recebe 400, e o arquivo de fora nunca é servido",
    ),
    steps: (input) => {
      const secret = `${input.pick(["secret", "senha", "private"])}-${input.letters(5)}.txt`;
      const sub = input.letters(4);
      // Beside the folder, one whose name starts with its name: `public-x/` passes a check
      // that the path starts with `.../public`.
      const sibling = `public-${input.letters(3)}/${secret}`;
      const folder = new CheckFolder({
        [secret]: "the secret\n",
        [sibling]: "the secret\n",
        [`public/${sub}/a.txt`]: "a\n",
      });
      const absolute = () =>
        path
          .resolve(folder.path(secret))
          .split(path.sep)
          .map((part) => encodeURIComponent(part))
          .join("/");
      const attempts: Array<HttpRequest["target"]> = [
        `/files/../${secret}`,
        `/files/%2e%2e/${secret}`,
        `/files/%2E%2E%2F${secret}`,
        `/files/..%2f${secret}`,
        `/files/${sub}/../../${secret}`,
        `/files/../${sibling}`,
        () => `/files/${absolute().startsWith("/") ? "" : "/"}${absolute()}`,
        () => `/files/${encodeURIComponent(path.resolve(folder.path(secret)))}`,
      ];
      return [...withRoot(folder), ...attempts.flatMap((target, i) => answers(`attempt ${i + 1}`, get(target), 400))];
    },
  },
  {
    id: "bad-names",
    title: text(
      "a name that is not a file name (bad percent-encoding, not UTF-8, a NUL, a backslash, a colon, an empty or `.` segment) gets 400",
      "um nome que não é nome de arquivo (percent-encoding ruim, não UTF-8, um NUL, uma barra invertida, dois-pontos, um segmento vazio ou `.`) recebe 400",
    ),
    steps: (input) => {
      const name = `${input.letters(5)}.txt`;
      const sub = input.letters(4);
      const folder = new CheckFolder({ [`public/${name}`]: "x", [`public/${sub}/${name}`]: "x" });
      const targets = [
        `/files/${input.letters(3)}%zz.txt`,
        `/files/${input.letters(3)}%e3.txt`,
        `/files/${input.letters(3)}%00.txt`,
        `/files/${sub}%5c${name}`,
        `/files/c%3a${name}`,
        "/files/",
        `/files/${sub}//${name}`,
        `/files/./${name}`,
      ];
      return [...withRoot(folder), ...targets.flatMap((target, i) => answers(`name ${i + 1}`, get(target), 400))];
    },
  },
  {
    id: "no-root",
    title: text(
      "without --root no file is served: GET /files/package.json gets 404, though the server runs in the folder that has it",
      "sem --root nenhum arquivo é servido: GET /files/package.json recebe 404, embora o servidor rode na pasta que o tem",
    ),
    steps: () => [startServer(), ...answers("c", get("/files/package.json"), 404)],
  },
  {
    id: "root-not-there",
    title: text(
      "with a --root that does not exist, GET /files/NAME gets 404",
      "com um --root que não existe, GET /files/NOME recebe 404",
    ),
    steps: (input) => {
      const folder = new CheckFolder({});
      return [
        folder.create,
        startServer("--root", () => folder.path(input.letters(8))),
        ...answers("c", get(`/files/${input.letters(5)}.txt`), 404),
      ];
    },
  },
  {
    id: "files-405",
    title: text(
      "another method on /files/NAME gets 405 with Allow: GET, HEAD",
      "outro método em /files/NOME recebe 405 com Allow: GET, HEAD",
    ),
    steps: (input) => {
      const name = `${input.letters(5)}.txt`;
      const folder = new CheckFolder({ [`public/${name}`]: "x" });
      const method = input.pick(["PUT", "DELETE", "PATCH"]);
      return [
        ...withRoot(folder),
        ...answers("post", { method: "POST", target: `/files/${name}`, body: input.letters(10) }, 405, {
          allow: ["GET", "HEAD"],
        }),
        ...answers("other", { method, target: `/files/${name}` }, 405, { allow: ["GET", "HEAD"] }),
      ];
    },
  },
  {
    id: "request-cut-anywhere",
    title: text(
      "a request that arrives one byte per read, with a pause in its head, is served (the head is read to its empty line)",
      "uma requisição que chega um byte por leitura, com uma pausa no cabeçalho, é atendida (o cabeçalho é lido até a linha vazia)",
    ),
    steps: (input) => {
      const name = `${fileStem(input)}.txt`;
      const content = fileText(input);
      const folder = new CheckFolder({ [`public/${name}`]: content });
      const request = requestBytes(
        get(`/files/${encodedName(name)}`, { headers: { "User-Agent": input.letters(12) } }),
      );
      const cut = input.int(1, request.length - 2);
      return [
        ...withRoot(folder),
        connect("c", "direct"),
        // Up to a byte of the seed's, then nothing back while the head has not all come.
        dribble("c", request.subarray(0, cut)),
        expectOpen("c", 300),
        dribble("c", request.subarray(cut)),
        expectResponse("c", { status: 200, body: content, close: true, last: true }),
      ];
    },
  },
  {
    id: "unread-bytes",
    title: text(
      "a client still sending when the response comes gets all of it, and the server's FIN, never a reset (lingering close)",
      "um cliente que ainda envia quando a resposta vem recebe toda ela, e o FIN do servidor, nunca um reset (fechamento demorado)",
    ),
    steps: (input) => {
      const name = `${fileStem(input)}.txt`;
      const content = fileText(input);
      const folder = new CheckFolder({ [`public/${name}`]: content });
      // After the request, bytes the server must read and drop (web1 answers one request a
      // connection): more than the kernels' buffers hold, so that a server that stops reading
      // stalls us until it closes, and its kernel then resets the connection.
      const more = Buffer.alloc(input.int(8, 12) * 1024 * 1024, "x");
      return [
        ...withRoot(folder),
        connect("c", "direct"),
        sendRequest("c", get(`/files/${encodedName(name)}`), more),
        expectResponse("c", { status: 200, body: content, close: true }),
        expectNoReset("c"),
      ];
    },
  },
  malformedRequests(HEAD_ROWS),
];
