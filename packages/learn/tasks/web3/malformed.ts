// The web3 task's malformed requests: bodies in chunks, and what a client may expect. Rows as
// in ../web1/malformed.ts (held to node:http by its test).
import { text } from "../../src/i18n.ts";
import type { MalformedRequest } from "../web1/malformed.ts";

/** `GET /` with a chunked body of these bytes (the body is read, and dropped). */
const chunked = (body: string, ...headers: string[]) =>
  `GET / HTTP/1.1\r\nHost: x\r\n${headers.map((h) => `${h}\r\n`).join("")}Transfer-Encoding: chunked\r\n\r\n${body}`;
/** A bad chunk-size line in the place of the first one. */
const badSize = (line: string) => chunked(`${line}\r\nhello\r\n0\r\n\r\n`);

export const CHUNKED_ROWS: readonly MalformedRequest[] = [
  {
    name: text("chunks with extensions and a trailer", "chunks com extensões e um trailer"),
    request: chunked("5;a=b\r\nhello\r\nA\r\n0123456789\r\n0;done\r\nX-Sum: 1\r\n\r\n"),
    status: 200,
  },
  {
    name: text("chunk sizes with leading zeros", "tamanhos de chunk com zeros à esquerda"),
    request: chunked("0005\r\nhello\r\n000\r\n\r\n"),
    status: 200,
  },
  {
    name: text("Transfer-Encoding: CHUNKED, in capitals", "Transfer-Encoding: CHUNKED, em maiúsculas"),
    request: chunked("5\r\nhello\r\n0\r\n\r\n").replace("chunked", "CHUNKED"),
    status: 200,
  },
  { name: text("a chunk size 0x5", "um tamanho de chunk 0x5"), request: badSize("0x5"), status: 400 },
  { name: text("a chunk size -1", "um tamanho de chunk -1"), request: badSize("-1"), status: 400 },
  { name: text("a chunk size +5", "um tamanho de chunk +5"), request: badSize("+5"), status: 400 },
  { name: text("a chunk size g", "um tamanho de chunk g"), request: badSize("g"), status: 400 },
  { name: text("an empty chunk-size line", "uma linha de tamanho de chunk vazia"), request: badSize(""), status: 400 },
  {
    name: text("a space before a chunk size", "um espaço antes de um tamanho de chunk"),
    request: badSize(" 5"),
    status: 400,
  },
  {
    name: text("a space after a chunk size", "um espaço depois de um tamanho de chunk"),
    request: badSize("5 "),
    status: 400,
  },
  {
    name: text("a chunk longer than its size", "um chunk mais longo que o seu tamanho"),
    request: chunked("5\r\nhelloX\r\n0\r\n\r\n"),
    status: 400,
  },
  {
    name: text('a chunk without its "\\r\\n"', 'um chunk sem o seu "\\r\\n"'),
    request: chunked("5\r\nhello0\r\n\r\n"),
    status: 400,
  },
  {
    name: text('chunk lines ended by a bare "\\n"', 'linhas de chunk terminadas só em "\\n"'),
    request: chunked("5\nhello\n0\n\n"),
    status: 400,
  },
  {
    name: text("a chunk size of 20 hex digits", "um tamanho de chunk de 20 dígitos hexa"),
    request: badSize("ffffffffffffffffffff"),
    status: 413,
    node: {
      status: 400,
      why: "a size over the 1 MiB a body may have gets 413, however large; llhttp stops at a size past 64 bits and calls it a bad request",
    },
  },
  {
    name: text(
      "a chunked body that ends (FIN) before its last chunk",
      "um corpo em chunks que termina (FIN) antes do último chunk",
    ),
    request: chunked("5\r\nhel"),
    status: 400,
  },
  {
    name: text("Transfer-Encoding and Content-Length together", "Transfer-Encoding e Content-Length juntos"),
    request: chunked("5\r\nhello\r\n0\r\n\r\n", "Content-Length: 5"),
    status: 400,
  },
  {
    name: text("Transfer-Encoding: gzip", "Transfer-Encoding: gzip"),
    request: chunked("").replace("chunked", "gzip"),
    status: 501,
    node: {
      status: 400,
      why: "RFC 9112 §6.1: a transfer coding the server does not know SHOULD get 501 (Not Implemented); llhttp calls it a bad request",
    },
  },
  {
    name: text("Transfer-Encoding: gzip, chunked", "Transfer-Encoding: gzip, chunked"),
    request: chunked("5\r\nhello\r\n0\r\n\r\n").replace("chunked", "gzip, chunked"),
    status: 501,
    node: {
      status: 200,
      why: "node:http reads the chunks and hands on bytes still gzip-coded; the task's server knows no gzip, so it says 501 (RFC 9112 §6.1)",
    },
  },
  {
    name: text("Transfer-Encoding in an HTTP/1.0 request", "Transfer-Encoding numa requisição HTTP/1.0"),
    request: chunked("5\r\nhello\r\n0\r\n\r\n").replace("HTTP/1.1", "HTTP/1.0"),
    status: 400,
    node: {
      status: 200,
      why: "RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing (1.0 has no chunks): refuse it, and close",
    },
  },
  {
    name: text("Expect: something other than 100-continue", "Expect: algo diferente de 100-continue"),
    request: "POST / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\nContent-Length: 0\r\n\r\n",
    status: 417,
  },
];
