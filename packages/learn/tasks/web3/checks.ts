import type { Check } from "../../src/checker/check.ts";
import {
  expectNoReset,
  expectResponse,
  type HttpRequest,
  type ResponseExpected,
  requestBytes,
  sendRequest,
} from "../../src/checker/http-steps.ts";
import { type Inputs, type Product, productsBeyondAscii } from "../../src/checker/inputs.ts";
import { connect, dribble, expectOpen, type Step, send, startServer } from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { BODY_ROWS, HEAD_ROWS, malformedRequests } from "../web1/malformed.ts";
import { chunked, trailer } from "./chunks.ts";
import { CHUNKED_ROWS } from "./malformed.ts";

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_CHUNK_LINE_BYTES = 4096;

const json = (product: Product) => Buffer.from(JSON.stringify(product));
/** POST `target` with a body in chunks (`body`: the chunked bytes, as they go on the wire). */
const postChunked = (body: Uint8Array, target = "/api/products", type = "application/json"): HttpRequest => ({
  method: "POST",
  target,
  headers: { "Content-Type": type, "Transfer-Encoding": "chunked" },
  body,
});
const created = (product: Product): ResponseExpected => ({
  status: 201,
  json: { ok: true, product },
  headers: { Location: `/api/products/${product.code}` },
  close: false,
});
/** The last request of a connection: it asks the server to close after its response. */
const lastly = (request: HttpRequest): HttpRequest => ({
  ...request,
  headers: { ...request.headers, Connection: "close" },
});
const listed = (...products: Product[]): ResponseExpected => ({
  status: 200,
  json: { ok: true, products },
  close: true,
  last: true,
});
const list = lastly({ target: "/api/products" });

/** A request the server refuses on a connection of its own: the status, `Connection: close`, and its FIN (we send none). */
const refused = (name: string, request: string | Uint8Array | HttpRequest, status: number, what?: string): Step[] => [
  connect(name, "direct"),
  typeof request === "string" || request instanceof Uint8Array ? send(name, request) : sendRequest(name, request),
  expectResponse(name, {
    status,
    close: true,
    last: true,
    ...(what === undefined ? {} : { what: text(what, what) }),
  }),
];

/** The head of a chunked POST of a product (with these header lines too), then `chunks` as they go. */
const chunkedPost = (chunks: string, ...headers: string[]) =>
  `POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers.map((h) => `${h}\r\n`).join("")}Transfer-Encoding: chunked\r\n\r\n${chunks}`;

/**
 * The server, with a longer --idle-timeout than its 5 s: a check's next request on a kept
 * connection may come late on a busy machine, the weather slicing every byte of the response
 * before it.
 */
const patientServer = startServer("--idle-timeout", 60);

/** A product whose JSON is `bytes` long exactly, spaces after it (JSON allows them). */
const paddedProduct = (product: Product, bytes: number) => Buffer.from(JSON.stringify(product).padEnd(bytes, " "));

/** `count` sizes that add up to `total`, each a chunk of at least 1 byte. */
const sizesOf = (input: Inputs, total: number, count: number): number[] => {
  const cuts = input.distinct(count - 1, () => input.int(1, total - 1)).sort((a, b) => a - b);
  return [...cuts, total].map((cut, i) => cut - (i === 0 ? 0 : (cuts[i - 1] as number)));
};

export const checks: readonly Check[] = [
  {
    id: "chunked-product",
    title: text(
      "a product POSTed in chunks (sizes in hex, either case, extensions and a trailer ignored) is added: 201, and the connection stays open for the next request",
      "um produto enviado com POST em chunks (tamanhos em hexa, maiúsculas ou minúsculas, extensões e um trailer ignorados) é adicionado: 201, e a conexão fica aberta para a próxima requisição",
    ),
    steps: (input) => {
      const [product] = productsBeyondAscii(input, 1) as [Product];
      return [
        patientServer,
        connect("c"),
        sendRequest("c", postChunked(chunked(input, json(product), [trailer(input)]).bytes)),
        expectResponse("c", created(product)),
        // The next request on the same connection: the product is there (its head is enough).
        sendRequest("c", lastly({ method: "HEAD", target: `/api/products/${product.code}` })),
        expectResponse("c", { status: 200, noBody: true, close: true, last: true }),
      ];
    },
  },
  {
    id: "size-line-cut-anywhere",
    title: text(
      "a chunked request that arrives one byte per read, with a pause inside a chunk-size line, is served",
      "uma requisição em chunks que chega um byte por leitura, com uma pausa dentro de uma linha de tamanho de chunk, é atendida",
    ),
    steps: (input) => {
      const [product] = productsBeyondAscii(input, 1) as [Product];
      const body = chunked(input, json(product), [trailer(input)]);
      const request = requestBytes(lastly(postChunked(body.bytes)));
      // Cut inside a size line of the seed's (after its first byte, before its "\r\n"), and pause there.
      const line = input.pick(body.sizeLines.filter((each) => each.length > 1));
      const cut = request.length - body.bytes.length + line.at + input.int(1, line.length - 1);
      return [
        // Patient: a dribble on a busy machine may pause longer than the idle timeout.
        patientServer,
        connect("c", "direct"),
        dribble("c", request.subarray(0, cut)),
        expectOpen("c", 300),
        dribble("c", request.subarray(cut)),
        expectResponse("c", { ...created(product), close: true, last: true }),
      ];
    },
  },
  {
    id: "pipelined-chunked",
    title: text(
      "chunked requests sent in one write (a JSON product with trailers, a form, one to a route that reads no body) are each answered, in order, and the trailers are no request",
      "requisições em chunks enviadas numa só escrita (um produto JSON com trailers, um formulário, uma para uma rota que não lê corpo) são respondidas cada uma, em ordem, e os trailers não são uma requisição",
    ),
    steps: (input) => {
      const [first, second] = productsBeyondAscii(input, 2) as [Product, Product];
      const form = `code=${second.code}&name=${encodeURIComponent(second.name)}&price=${second.price}&colors=${encodeURIComponent(second.colors.join(","))}`;
      const trailers = [trailer(input), trailer(input)];
      const requests = [
        postChunked(chunked(input, json(first), trailers).bytes),
        postChunked(chunked(input, Buffer.from(form)).bytes, "/", "application/x-www-form-urlencoded"),
        postChunked(chunked(input, json(first)).bytes, `/api/products/${first.code}`),
        list,
      ];
      return [
        // Straight: one write arrives in one read, where each request starts where the last ended.
        connect("c", "direct"),
        send("c", Buffer.concat(requests.map((request) => requestBytes(request)))),
        expectResponse("c", created(first)),
        expectResponse("c", { status: 303, headers: { Location: "/" }, close: false }),
        expectResponse("c", { status: 405, close: false }),
        expectResponse("c", listed(first, second)),
      ];
    },
  },
  {
    id: "bad-chunk-sizes",
    title: text(
      'a chunk size that is not hex digits (0x5, -1, +5, g, empty, with a space), chunk data not followed by "\\r\\n", a chunk line ended by a bare "\\n": 400, and the server closes',
      'um tamanho de chunk que não é só dígitos hexa (0x5, -1, +5, g, vazio, com espaço), dados de chunk sem "\\r\\n" depois, uma linha de chunk terminada só em "\\n": 400, e o servidor fecha',
    ),
    steps: (input) => {
      // A product's JSON as the data: a server that lets a bad body through answers 201.
      const data = JSON.stringify(productsBeyondAscii(input, 1)[0]);
      const size = Buffer.byteLength(data).toString(16);
      const bad = [`0x${size}`, "-1", `+${size}`, input.pick(["g", "z", "x1"]), "", ` ${size}`, `${size} `].map(
        (line) => chunkedPost(`${line}\r\n${data}\r\n0\r\n\r\n`),
      );
      const more = [
        chunkedPost(`${size}\r\n${data}X\r\n0\r\n\r\n`), // the data is one byte longer than its size
        chunkedPost(`${size}\r\n${data}${input.letters(2)}0\r\n\r\n`), // two bytes that are not "\r\n" after it
        chunkedPost(`${size}\n${data}\r\n0\r\n\r\n`), // a bare "\n" after the size
      ];
      return [...bad, ...more].flatMap((request, i) => refused(`request ${i + 1}`, request, 400));
    },
  },
  {
    id: "transfer-codings",
    title: text(
      "Transfer-Encoding with Content-Length, or in HTTP/1.0, gets 400; a coding other than chunked gets 501; the server closes after each",
      "Transfer-Encoding com Content-Length, ou em HTTP/1.0, recebe 400; uma codificação que não é chunked recebe 501; o servidor fecha depois de cada uma",
    ),
    steps: (input) => {
      const [product] = productsBeyondAscii(input, 1) as [Product];
      const body = chunked(input, json(product)).bytes;
      const request = (headers: Record<string, string | number>, version = "HTTP/1.1"): HttpRequest => ({
        method: "POST",
        target: "/api/products",
        version,
        headers: { "Content-Type": "application/json", ...headers },
        body,
      });
      return [
        ...refused("both", request({ "Transfer-Encoding": "chunked", "Content-Length": body.length }), 400),
        ...refused("HTTP/1.0", request({ "Transfer-Encoding": "chunked" }, "HTTP/1.0"), 400),
        ...refused("gzip", request({ "Transfer-Encoding": input.pick(["gzip", "gzip, chunked", "deflate"]) }), 501),
        connect("c", "direct"),
        sendRequest("c", list),
        expectResponse("c", listed()),
      ];
    },
  },
  {
    id: "chunked-limit",
    title: text(
      "a chunked body of exactly 1 MiB is read; chunk sizes that add up to one byte more get 413 at once, before that byte, and the server closes",
      "um corpo em chunks de exatamente 1 MiB é lido; tamanhos de chunk que somam um byte a mais recebem 413 na hora, antes desse byte, e o servidor fecha",
    ),
    steps: (input) => {
      const [product] = productsBeyondAscii(input, 1) as [Product];
      const data = paddedProduct(product, MAX_BODY_BYTES);
      const sizes = sizesOf(input, MAX_BODY_BYTES, input.int(2, 5));
      let at = 0;
      const chunks = sizes.map((size) => {
        const chunk = Buffer.concat([
          Buffer.from(`${size.toString(16)}\r\n`),
          data.subarray(at, at + size),
          Buffer.from("\r\n"),
        ]);
        at += size;
        return chunk;
      });
      const full = Buffer.concat([...chunks, Buffer.from("0\r\n\r\n")]);
      const past = Buffer.concat([...chunks, Buffer.from("1\r\n")]); // and its byte never sent
      return [
        connect("limit", "direct"),
        sendRequest("limit", lastly(postChunked(full))),
        expectResponse("limit", { ...created(product), close: true, last: true }),
        ...refused("past", postChunked(past), 413),
      ];
    },
  },
  {
    id: "chunk-line-limit",
    title: text(
      "a chunk-size line (extensions included) and a trailer line of 4096 bytes are read; 4097 bytes get 400 at once, before the line ends",
      "uma linha de tamanho de chunk (extensões incluídas) e uma linha de trailer de 4096 bytes são lidas; 4097 bytes recebem 400 na hora, antes do fim da linha",
    ),
    steps: (input) => {
      const [product] = productsBeyondAscii(input, 1) as [Product];
      const data = json(product);
      const size = data.length.toString(16);
      const extension = (bytes: number) => `${size};${input.letters(1)}=`.padEnd(bytes, input.letters(1));
      const longTrailer = (bytes: number) => `X-Long: `.padEnd(bytes, "t");
      const atLimit = `${extension(MAX_CHUNK_LINE_BYTES)}\r\n${data}\r\n0\r\n${longTrailer(MAX_CHUNK_LINE_BYTES)}\r\n\r\n`;
      return [
        connect("limit", "direct"),
        send("limit", chunkedPost(atLimit, "Connection: close")),
        expectResponse("limit", { ...created(product), close: true, last: true }),
        ...refused("size line", chunkedPost(extension(MAX_CHUNK_LINE_BYTES + 1)), 400),
        ...refused("trailer", chunkedPost(`${size}\r\n${data}\r\n0\r\n${longTrailer(MAX_CHUNK_LINE_BYTES + 1)}`), 400),
      ];
    },
  },
  {
    id: "expect-continue",
    title: text(
      "Expect: 100-continue (in any letter case) gets `100 Continue` as soon as the head is in, before the body (chunked or by Content-Length); a request without it, or in HTTP/1.0, gets none",
      "Expect: 100-continue (em maiúsculas ou minúsculas) recebe `100 Continue` assim que o cabeçalho chega, antes do corpo (em chunks ou pelo Content-Length); uma requisição sem ele, ou em HTTP/1.0, não recebe nenhum",
    ),
    steps: (input) => {
      const [first, second, third, fourth] = productsBeyondAscii(input, 4) as [Product, Product, Product, Product];
      const withExpect = (request: HttpRequest, expect = "100-continue") => ({
        ...request,
        headers: { ...request.headers, Expect: expect },
      });
      const byLength = (product: Product): HttpRequest => ({
        method: "POST",
        target: "/api/products",
        headers: { "Content-Type": "application/json" },
        body: json(product),
      });
      /** The head, then (what must come before the body), then the body, then its response. */
      const inTwo = (request: HttpRequest, before: Step, after: ResponseExpected): Step[] => {
        const bytes = requestBytes(request);
        const body = Buffer.from(request.body ?? "");
        return [
          send("c", bytes.subarray(0, bytes.length - body.length)),
          before,
          send("c", body),
          expectResponse("c", after),
        ];
      };
      const continues = expectResponse("c", {
        status: 100,
        what: text("the head alone, its body not sent yet", "o cabeçalho sozinho, com o corpo ainda não enviado"),
      });
      return [
        patientServer,
        // Straight: what is checked is when the 100 comes, not how the bytes are cut.
        connect("c", "direct"),
        ...inTwo(withExpect(postChunked(chunked(input, json(first)).bytes)), continues, created(first)),
        ...inTwo(
          withExpect(byLength(second), input.pick(["100-Continue", "100-CONTINUE"])),
          continues,
          created(second),
        ),
        ...inTwo(byLength(third), expectOpen("c", 300), created(third)),
        sendRequest("c", list),
        expectResponse("c", listed(first, second, third)),
        // HTTP/1.0 knew no Expect: it is ignored there, and no 100 comes.
        connect("old", "direct"),
        send(
          "old",
          requestBytes({ ...withExpect(byLength(fourth)), version: "HTTP/1.0", host: false }).subarray(
            0,
            -json(fourth).length,
          ),
        ),
        expectOpen("old", 300),
        send("old", json(fourth)),
        expectResponse("old", { ...created(fourth), close: true, last: true }),
      ];
    },
  },
  {
    id: "expect-refused",
    title: text(
      "Expect: 100-continue with a body over 1 MiB gets 413 at once, no 100; another expectation gets 417; the server closes after each",
      "Expect: 100-continue com um corpo acima de 1 MiB recebe 413 na hora, sem 100; outra expectativa recebe 417; o servidor fecha depois de cada um",
    ),
    steps: (input) => {
      const post = (headers: Record<string, string | number>): HttpRequest => ({
        method: "POST",
        target: "/api/products",
        headers: { "Content-Type": "application/json", ...headers },
      });
      return [
        ...refused("too large", post({ Expect: "100-continue", "Content-Length": MAX_BODY_BYTES + 1 }), 413),
        ...refused(
          "too large chunks",
          chunkedPost(`${(MAX_BODY_BYTES + 1).toString(16)}\r\n`, "Expect: 100-continue"),
          413,
        ),
        ...refused(
          "other",
          post({ Expect: input.pick(["tea", "200-ok", "100-continue-please"]), "Content-Length": 2 }),
          417,
        ),
      ];
    },
  },
  {
    id: "unread-bytes",
    title: text(
      "a client still sending when a bad chunk's 400 comes gets all of it, and the server's FIN, never a reset (lingering close)",
      "um cliente que ainda envia quando vem o 400 de um chunk ruim recebe todo ele, e o FIN do servidor, nunca um reset (fechamento demorado)",
    ),
    steps: (input) => [
      connect("c", "direct"),
      // After the bad size line, bytes the server must read and drop before it closes: more
      // than the kernels' buffers hold, so that a server that stops reading stalls us, then resets.
      send("c", Buffer.concat([Buffer.from(chunkedPost("zz\r\n")), Buffer.alloc(input.int(8, 12) * 1024 * 1024, "x")])),
      expectResponse("c", { status: 400, close: true }),
      expectNoReset("c"),
    ],
  },
  malformedRequests([...HEAD_ROWS, ...BODY_ROWS, ...CHUNKED_ROWS]),
];
