import type { Check } from "../../src/checker/check.ts";
import {
  addressOf,
  anyNumber,
  anything,
  connect,
  dribble,
  end,
  expectBytes,
  expectEnd,
  expectNotPrinted,
  expectPrinted,
  line,
  reset,
  send,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { expectBackpressure } from "./backpressure.ts";

/** What the task's server sends back: a-z in capitals, every other byte as it was. */
const capitals = (bytes: string | Buffer) =>
  Buffer.from(Buffer.from(bytes).map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte)));
const inCapitals = text("the message in capitals", "a mensagem em maiúsculas");
const byteCount = (message: string) => Buffer.byteLength(message);
/** The server's line for a client that has gone, any client (for "not yet"). */
const anyCount = line`client ${anything("ADDRESS:PORT")} sent ${anyNumber()} bytes`;

export const checks: readonly Check[] = [
  {
    id: "capitals-then-fin",
    title: text(
      "a message comes back in capitals, then the server closes its side",
      "uma mensagem volta em maiúsculas, e o servidor fecha o seu lado",
    ),
    steps: (input) => {
      const message = `${input.text()} ${input.letters(input.int(3, 30))}\n`;
      return [
        connect("c"),
        send("c", message),
        end("c"),
        expectBytes("c", capitals(message), inCapitals),
        expectEnd("c"),
      ];
    },
  },
  {
    id: "other-bytes-unchanged",
    title: text(
      "only the letters a-z change: every other of the 256 byte values comes back as it was",
      "só as letras a-z mudam: todos os outros dos 256 valores de byte voltam como eram",
    ),
    steps: (input) => {
      // Every byte value, in an order of the seed's: bytes that are not valid UTF-8 included.
      const bytes = Buffer.from(input.shuffle(Array.from({ length: 256 }, (_, value) => value)));
      return [connect("c"), send("c", bytes), end("c"), expectBytes("c", capitals(bytes), inCapitals), expectEnd("c")];
    },
  },
  {
    id: "rest-after-fin",
    title: text(
      "after the client's FIN, the server still sends everything it has left (about 200 KB), then its FIN",
      "depois do FIN do cliente, o servidor ainda envia tudo o que falta (uns 200 KB), e então o seu FIN",
    ),
    steps: (input) => {
      const message = input.bytes(input.int(150_000, 250_000));
      return [
        // Bigger slices here: a byte at a time, 200 KB would take minutes.
        connect("c", { slice: 4096, coalesce: 2 }),
        send("c", message),
        end("c"),
        expectBytes("c", capitals(message), inCapitals),
        expectEnd("c"),
      ];
    },
  },
  {
    id: "backpressure",
    title: text(
      "a client that sends without reading is not buffered without limit: the server stops reading it (write() returned false)",
      "um cliente que envia sem ler não é guardado sem limite: o servidor para de lê-lo (write() devolveu false)",
    ),
    steps: () => [expectBackpressure()],
  },
  {
    id: "count-when-leaving",
    title: text(
      "when a client leaves, and not before, the server prints `client ADDRESS:PORT sent N bytes`, N counted in bytes",
      "quando um cliente sai, e não antes, o servidor imprime `client ENDEREÇO:PORTA sent N bytes`, N contado em bytes",
    ),
    steps: (input) => {
      // Letters beyond ASCII: 2, 3 or 4 bytes each in UTF-8, so bytes and characters differ.
      const message = `${input.text(4, 10)}\n`;
      return [
        connect("c", "direct"),
        // In three pieces: a count printed for each piece, or a running total, shows before the end.
        dribble("c", message, Math.ceil(byteCount(message) / 3)),
        expectBytes("c", capitals(message), inCapitals),
        expectNotPrinted("server", anyCount, 300),
        end("c"),
        expectEnd("c"),
        expectPrinted("server", line`client ${addressOf("c")} sent ${byteCount(message)} bytes`),
      ];
    },
  },
  {
    id: "count-per-client",
    title: text(
      "two clients at once: each gets its own echo, and its own count",
      "dois clientes ao mesmo tempo: cada um recebe o seu eco, e a sua conta",
    ),
    steps: (input) => {
      const [first, second] = input.distinct(2, () => input.letters(input.int(20, 400)));
      return [
        connect("a", "direct"),
        connect("b", "direct"),
        send("a", first as string),
        send("b", second as string),
        expectBytes("b", capitals(second as string), inCapitals),
        expectBytes("a", capitals(first as string), inCapitals),
        end("b"),
        expectEnd("b"),
        expectPrinted("server", line`client ${addressOf("b")} sent ${byteCount(second as string)} bytes`),
        end("a"),
        expectEnd("a"),
        expectPrinted("server", line`client ${addressOf("a")} sent ${byteCount(first as string)} bytes`),
      ];
    },
  },
  {
    id: "reset-disturbs-nobody",
    title: text(
      "a client that resets its connection mid-message disturbs nobody: the next one is served",
      "um cliente que reseta a conexão no meio da mensagem não atrapalha ninguém: o próximo é atendido",
    ),
    steps: (input) => {
      const message = input.text();
      return [
        connect("rude", "direct"),
        send("rude", input.letters(11)),
        reset("rude"),
        connect("c"),
        send("c", message),
        end("c"),
        expectBytes("c", capitals(message), inCapitals),
        expectEnd("c"),
      ];
    },
  },
];
