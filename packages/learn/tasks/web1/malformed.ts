// The requests every web task's server must still refuse (or serve) as its lesson does, and
// the status for each: a table, one row per request (web3 adds its own, in ../web3). tasks/web1/malformed.test.ts sends every
// row to node:http, the reference, and asserts it decides the same, except where a row says
// why SPEC decides otherwise (`node`).
import type { Check } from "../../src/checker/check.ts";
import { expectResponse } from "../../src/checker/http-steps.ts";
import { connect, end, send } from "../../src/checker/steps.ts";
import { type Text, text } from "../../src/i18n.ts";

export interface MalformedRequest {
  /** What is odd about it, shown when the check fails. */
  readonly name: Text;
  readonly request: string | Buffer;
  /** What the task's server answers. */
  readonly status: number;
  /** Where node:http decides otherwise: what it answers, and why SPEC does not follow it. */
  readonly node?: { readonly status: number; readonly why: string };
}

/** A request for `/` with this request line and these header lines. */
const head = (requestLine: string, ...headers: string[]) =>
  `${requestLine}\r\n${headers.map((h) => `${h}\r\n`).join("")}\r\n`;
const get = (...headers: string[]) => head("GET / HTTP/1.1", "Host: x", ...headers);

/** Every web lesson reads a head this way (SPEC, "web1–web3"). */
export const HEAD_ROWS: readonly MalformedRequest[] = [
  { name: text("a plain GET", "um GET simples"), request: get(), status: 200 },
  { name: text("HTTP/1.0 without a Host", "HTTP/1.0 sem Host"), request: head("GET / HTTP/1.0"), status: 200 },
  {
    name: text("an empty line before the request line", "uma linha vazia antes da linha de requisição"),
    request: `\r\n${get()}`,
    status: 200,
  },
  {
    name: text("bare \\n line ends", 'linhas terminadas só em "\\n"'),
    request: "GET / HTTP/1.1\nHost: x\n\n",
    status: 200,
    node: {
      status: 400,
      why: "RFC 9112 §2.2 lets a server take a bare LF as a line end, and SPEC does (nc without -C sends them); node:http's parser refuses it",
    },
  },
  {
    name: text("HTTP/1.2", "HTTP/1.2"),
    request: head("GET / HTTP/1.2", "Host: x"),
    status: 200,
    node: {
      status: 400,
      why: "RFC 9110 §2.5: a later minor version is served as the highest one the server knows (1.1); llhttp knows 1.0 and 1.1 only",
    },
  },
  { name: text("HTTP/1.1 without a Host", "HTTP/1.1 sem Host"), request: head("GET / HTTP/1.1"), status: 400 },
  {
    name: text("two Host headers", "dois cabeçalhos Host"),
    request: get("Host: y"),
    status: 400,
    node: {
      status: 200,
      why: "RFC 9112 §3.2: a server MUST answer 400 to a request with more than one Host; node:http hands both to the application",
    },
  },
  {
    name: text("two spaces after the method", "dois espaços depois do método"),
    request: head("GET  / HTTP/1.1", "Host: x"),
    status: 400,
    node: {
      status: 200,
      why: "RFC 9112 §3: single spaces between the parts (a server MAY be lenient; SPEC is strict); llhttp skips the extra one",
    },
  },
  {
    name: text("no version", "sem versão"),
    request: head("GET /", "Host: x"),
    status: 400,
    node: {
      status: 200,
      why: "node:http takes a request line without a version for HTTP/0.9, which no browser speaks; SPEC asks for METHOD SP TARGET SP HTTP/1.x",
    },
  },
  {
    name: text("a lowercase version", "uma versão em minúsculas"),
    request: head("GET / http/1.1", "Host: x"),
    status: 400,
  },
  {
    name: text("a word after the version", "uma palavra depois da versão"),
    request: head("GET / HTTP/1.1 x", "Host: x"),
    status: 400,
  },
  {
    name: text("a tab instead of a space", "um tab no lugar de um espaço"),
    request: head("GET\t/ HTTP/1.1", "Host: x"),
    status: 400,
  },
  {
    name: text("a target that is not a path", "um alvo que não é um caminho"),
    request: head("GET example.com HTTP/1.1", "Host: x"),
    status: 400,
  },
  {
    name: text("a byte above 127 in the target", "um byte acima de 127 no alvo"),
    request: Buffer.from(head("GET /\xe3 HTTP/1.1", "Host: x"), "latin1"),
    status: 400,
  },
  {
    name: text("HTTP/2.0", "HTTP/2.0"),
    request: head("GET / HTTP/2.0", "Host: x"),
    status: 505,
    node: {
      status: 200,
      why: "RFC 9110 §15.6.6: 505 for a major version the server does not speak; llhttp lets a one-digit version through to the application",
    },
  },
  {
    name: text("HTTP/0.9", "HTTP/0.9"),
    request: head("GET / HTTP/0.9", "Host: x"),
    status: 505,
    node: { status: 200, why: "as HTTP/2.0: SPEC says 505 for any major version other than 1" },
  },
  {
    name: text("HTTP/3.0", "HTTP/3.0"),
    request: head("GET / HTTP/3.0", "Host: x"),
    status: 505,
    node: {
      status: 400,
      why: "as HTTP/2.0: SPEC says 505 for any major version other than 1; llhttp refuses 3.0 outright",
    },
  },
  {
    name: text("a header line with no colon", "uma linha de cabeçalho sem dois-pontos"),
    request: get("X-Broken"),
    status: 400,
  },
  {
    name: text("a space before a header's colon", "um espaço antes dos dois-pontos de um cabeçalho"),
    request: get("X-Broken : 1"),
    status: 400,
  },
  {
    name: text("a header folded onto the next line", "um cabeçalho dobrado na linha seguinte"),
    request: get("X-A: 1", "  continued"),
    status: 400,
  },
  {
    name: text("a control character in a header's value", "um caractere de controle no valor de um cabeçalho"),
    request: get("X-A: a\x01b"),
    status: 400,
  },
  { name: text("a header with no name", "um cabeçalho sem nome"), request: get(": 1"), status: 400 },
  {
    name: text("a request line of 9000 bytes", "uma linha de requisição de 9000 bytes"),
    request: head(`GET /${"a".repeat(9000 - "GET / HTTP/1.1".length)} HTTP/1.1`, "Host: x"),
    status: 414,
    node: {
      status: 200,
      why: "SPEC: a request line over 8 KiB gets 414 (RFC 9112 §3 suggests a limit of at least 8000 octets); node:http limits only the whole head (16 KiB)",
    },
  },
  {
    name: text("a head of 20000 bytes", "um cabeçalho de 20000 bytes"),
    request: get(`X-Fill: ${"f".repeat(20_000)}`),
    status: 431,
  },
  {
    name: text("a method no route knows", "um método que nenhuma rota conhece"),
    request: head("FOO / HTTP/1.1", "Host: x"),
    status: 405,
    node: {
      status: 400,
      why: "the lessons take any token as a method, and answer 405 where the path does not take it; llhttp knows a fixed list of methods and calls any other a bad request",
    },
  },
];

/** web2 and web3 read bodies by their Content-Length. */
export const BODY_ROWS: readonly MalformedRequest[] = [
  {
    name: text("a Content-Length that is no number", "um Content-Length que não é número"),
    request: get("Content-Length: abc"),
    status: 400,
  },
  {
    name: text("two different Content-Lengths", "dois Content-Length diferentes"),
    request: `${get("Content-Length: 1", "Content-Length: 2")}ab`,
    status: 400,
  },
  {
    name: text("two equal Content-Lengths", "dois Content-Length iguais"),
    request: `${get("Content-Length: 2", "Content-Length: 2")}ab`,
    status: 200,
    node: {
      status: 400,
      why: "RFC 9110 §8.6 lets a recipient take repeated equal values as one, and the lessons do; llhttp refuses any repeated Content-Length",
    },
  },
  {
    name: text("a negative Content-Length", "um Content-Length negativo"),
    request: get("Content-Length: -1"),
    status: 400,
  },
  {
    name: text("a Content-Length with a plus sign", "um Content-Length com sinal de mais"),
    request: `${get("Content-Length: +1")}a`,
    status: 400,
  },
  {
    name: text(
      "a body that ends (FIN) before its Content-Length",
      "um corpo que termina (FIN) antes do Content-Length",
    ),
    request: `${head("POST / HTTP/1.1", "Host: x", "Content-Length: 10")}abc`,
    status: 400,
  },
];

/**
 * A check that sends each row on a connection of its own (straight: it is about what is
 * decided, not how the bytes are cut), then our FIN, and expects the row's status.
 */
export function malformedRequests(rows: readonly MalformedRequest[]): Check {
  return {
    id: "malformed-requests",
    title: text(
      "each malformed request gets its status, the one node:http gives it but where SPEC differs (a table of requests)",
      "cada requisição malformada recebe o seu status, o que o node:http dá a ela exceto onde a SPEC difere (uma tabela de requisições)",
    ),
    steps: () =>
      rows.flatMap((row, index) => {
        const name = `row ${index + 1}`;
        return [
          connect(name, "direct"),
          send(name, row.request),
          end(name),
          expectResponse(name, { status: row.status, what: row.name }),
        ];
      }),
  };
}
