import v8 from "node:v8";
import type { Check } from "../../src/checker/check.ts";
import type { Route } from "../../src/checker/check-run.ts";
import type { Inputs } from "../../src/checker/inputs.ts";
import {
  accept,
  anything,
  connect,
  dribble,
  end,
  expectClosed,
  expectEnd,
  expectExit,
  expectFrame,
  expectOnlyPrinted,
  expectPrinted,
  frame,
  line,
  lineSaying,
  listen,
  portOf,
  send,
  startClient,
  startServer,
  v8Frame,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";

/** The largest payload a frame may announce: 1 MiB. */
const MAX_PAYLOAD_BYTES = 1024 * 1024;

interface Person {
  readonly name: string;
  readonly email: string;
}
const person = (input: Inputs, name = input.name()): Person => ({
  name,
  email: `${input.pick(["ana", "zoë", "joão", input.letters(5)])}@${input.pick(["exemplo.com.br", "example.org"])}`,
});
const persons = (input: Inputs, min: number, max: number) =>
  Array.from({ length: input.int(min, max) }, () => person(input));
/** A name of exactly `characters` characters (code points: an emoji is one). */
const nameOf = (input: Inputs, characters: number) =>
  [...`${input.name()} ${input.text(100, 120)}`].slice(0, characters).join("");

const received = ({ name, email }: Person) => line`received person: ${name} <${email}>`;
const refused = line`refused a frame: ${anything("REASON")}`;
const theGreeting = text("the greeting", "a saudação");
const theCount = text("the count", "a contagem");

/** The server, started with a greeting of the seed's, and a connection that reads that greeting. */
const greeted = (input: Inputs, route: Route = "weather") => {
  const greeting = input.text(1, 4);
  return [startServer("--message", greeting), connect("c", route), expectFrame("c", greeting, theGreeting)];
};

/** After our FIN: one frame holding the count of `accepted`, the server's FIN, exit 0, and its lines. */
const countThenExit = (accepted: readonly Person[], refusals = 0) => [
  expectFrame("c", accepted.length, theCount),
  expectEnd("c"),
  expectExit("server", 0),
  expectOnlyPrinted("server", accepted.map(received), { stream: "stdout", among: /^received person/ }),
  expectOnlyPrinted("server", Array<typeof refused>(refusals).fill(refused), { stream: "stderr" }),
];

/** A name one character too long, and two bad frames of other kinds: not v8 data, or v8 data that is no person. */
const badFrames = (input: Inputs): Buffer[] => {
  const { name, email } = person(input);
  const others = [
    frame(Buffer.from(input.text())), // v8.deserialize throws: no version header
    v8Frame({ name: "", email }),
    v8Frame({ name, email, [input.pick(["admin", "age", "Name"])]: true }),
    v8Frame({ name }),
    v8Frame({ name: input.int(1, 99), email }),
    v8Frame(name),
    v8Frame([name, email]),
    v8Frame(null),
  ];
  return [v8Frame({ name: nameOf(input, 201), email }), ...input.shuffle(others).slice(0, 2)];
};

export const checks: readonly Check[] = [
  {
    id: "persons-then-count",
    title: text(
      "the server prints each person sent in its own write, and after the client's FIN answers one frame with their number, then its FIN, and exits 0",
      "o servidor imprime cada pessoa enviada no seu próprio write, e depois do FIN do cliente responde um frame com o número delas, então o seu FIN, e sai com 0",
    ),
    steps: (input) => {
      const sent = [person(input), person(input)]; // two: the weather may send them a byte at a time
      return [...greeted(input), ...sent.map((each) => send("c", v8Frame(each))), end("c"), ...countThenExit(sent)];
    },
  },
  {
    id: "frames-cut-at-every-byte",
    title: text(
      "frames that arrive one byte at a time (their 4-byte headers too) are put back together",
      "frames que chegam um byte por vez (os cabeçalhos de 4 bytes também) são remontados",
    ),
    steps: (input) => {
      const sent = [person(input), person(input)];
      return [
        ...greeted(input, "direct"),
        dribble("c", Buffer.concat(sent.map(v8Frame))),
        end("c"),
        ...countThenExit(sent),
      ];
    },
  },
  {
    id: "frames-in-one-write",
    title: text(
      "frames that arrive together in one read are all taken: one read is not one message",
      "frames que chegam juntos numa leitura são todos lidos: uma leitura não é uma mensagem",
    ),
    steps: (input) => {
      const sent = persons(input, 3, 6);
      return [
        ...greeted(input, "direct"),
        send("c", Buffer.concat(sent.map(v8Frame))),
        end("c"),
        ...countThenExit(sent),
      ];
    },
  },
  {
    id: "bad-frames-refused",
    title: text(
      "a frame that is not v8 data, or not a valid person (a name of 201 characters; 200 is fine), gets one `refused a frame` line on stderr and is not counted; the others are",
      "um frame que não é dado do v8, ou não é uma pessoa válida (um nome de 201 caracteres; 200 pode), recebe uma linha `refused a frame` no stderr e não é contado; os outros são",
    ),
    steps: (input) => {
      const bad = badFrames(input);
      const frames = input.shuffle<Person | Buffer>([
        person(input, nameOf(input, 200)),
        person(input),
        person(input),
        ...bad,
      ]);
      const good = frames.filter((each): each is Person => !Buffer.isBuffer(each));
      return [
        ...greeted(input, "direct"),
        ...frames.map((each) => send("c", Buffer.isBuffer(each) ? each : v8Frame(each))),
        end("c"),
        ...countThenExit(good, bad.length),
      ];
    },
  },
  {
    id: "no-persons",
    title: text(
      "with no persons at all, the count frame holds the v8 number 0, then the server closes and exits 0",
      "sem nenhuma pessoa, o frame da contagem traz o número 0 do v8, e o servidor fecha e sai com 0",
    ),
    steps: (input) => [...greeted(input), end("c"), ...countThenExit([])],
  },
  {
    id: "frame-limit",
    title: text(
      "a frame of exactly 1 MiB is read (and refused: it is no person); a header announcing one byte more closes the connection at once, and the server exits 1 with one line naming that length",
      "um frame de exatamente 1 MiB é lido (e recusado: não é uma pessoa); um cabeçalho que anuncia um byte a mais fecha a conexão na hora, e o servidor sai com 1 e uma linha citando esse tamanho",
    ),
    steps: (input) => {
      // A string padded so that its v8 form is exactly the limit (v8 adds a few bytes of its own).
      const filler = input.letters(1);
      const overhead = v8.serialize(filler.repeat(MAX_PAYLOAD_BYTES - 16)).length - (MAX_PAYLOAD_BYTES - 16);
      const atLimit = v8.serialize(filler.repeat(MAX_PAYLOAD_BYTES - overhead));
      const header = Buffer.alloc(4);
      header.writeUInt32BE(MAX_PAYLOAD_BYTES + 1);
      return [
        ...greeted(input, "direct"),
        send("c", frame(atLimit)),
        expectPrinted("server", refused, { stream: "stderr" }),
        // The header alone: a server that waits for the payload before judging it stays open.
        send("c", header),
        expectClosed("c"),
        expectExit("server", 1),
        expectOnlyPrinted(
          "server",
          [
            refused,
            lineSaying(
              text(
                `a line naming the length announced, ${MAX_PAYLOAD_BYTES + 1}`,
                `uma linha citando o tamanho anunciado, ${MAX_PAYLOAD_BYTES + 1}`,
              ),
              new RegExp(`\\b${MAX_PAYLOAD_BYTES + 1}\\b`),
            ),
          ],
          { stream: "stderr" },
        ),
      ];
    },
  },
  {
    id: "left-mid-frame",
    title: text(
      "a client that leaves in the middle of a frame is reported: the server exits 1 with one line naming the frame and how many of its bytes had come",
      "um cliente que sai no meio de um frame: o servidor avisa numa linha que cita o frame e quantos bytes dele tinham chegado, e sai com 1",
    ),
    steps: (input) => {
      const [first, second] = [person(input), person(input)];
      const cut = v8Frame(second).subarray(0, input.int(1, v8Frame(second).length - 1));
      return [
        ...greeted(input),
        send("c", v8Frame(first)),
        send("c", cut),
        end("c"),
        expectClosed("c"),
        expectExit("server", 1),
        expectOnlyPrinted("server", [received(first)], { stream: "stdout", among: /^received person/ }),
        expectOnlyPrinted(
          "server",
          [
            lineSaying(
              text(
                `a line that names the frame and the ${cut.length} bytes of it that had come`,
                `uma linha que cita o frame e os ${cut.length} bytes dele que tinham chegado`,
              ),
              new RegExp(`^(?=.*\\bframe)(?=.*\\b${cut.length}\\b)`, "i"),
            ),
          ],
          { stream: "stderr" },
        ),
      ];
    },
  },
  {
    id: "client-sends-persons",
    title: text(
      "the client prints the greeting (cut at every byte), sends --count persons `NAME i` with --email, one frame each, half-closes, and prints the count the server answers",
      "o cliente imprime a saudação (cortada em cada byte), envia --count pessoas `NOME i` com --email, um frame cada, faz o half-close, e imprime a contagem que o servidor responde",
    ),
    steps: (input) => {
      const { name, email } = person(input);
      const count = input.pick([1, 2, 4, 6, 7]); // not the default 3
      const greeting = input.text();
      // As if the server had refused some, or counted others: the client prints what it says.
      const answered = input.pick([0, 2, 3, 5, 8, 9].filter((each) => each !== count));
      return [
        listen("srv", "direct"),
        startClient("client", ["--port", portOf("srv"), "--count", count, "--name", name, "--email", email]),
        accept("srv", "c"),
        dribble("c", v8Frame(greeting)),
        ...Array.from({ length: count }, (_, i) => expectFrame("c", { name: `${name} ${i + 1}`, email })),
        expectEnd("c"),
        // After its FIN the client still reads: the count, cut at every byte too.
        dribble("c", v8Frame(answered)),
        end("c"),
        expectPrinted("client", line`server says: ${greeting}`),
        expectPrinted("client", line`the server accepted ${answered} persons`),
        expectExit("client", 0),
      ];
    },
  },
  {
    id: "client-defaults",
    title: text(
      "with no flags the client sends 3 persons, `Maria Silva 1` to `Maria Silva 3`, all `maria@example.com`",
      "sem flags o cliente envia 3 pessoas, `Maria Silva 1` a `Maria Silva 3`, todas `maria@example.com`",
    ),
    steps: (input) => {
      const answered = input.pick([0, 2, 4, 5]);
      return [
        listen("srv", "direct"),
        startClient("client", ["--port", portOf("srv")]),
        accept("srv", "c"),
        send("c", v8Frame(input.text())),
        ...[1, 2, 3].map((i) => expectFrame("c", { name: `Maria Silva ${i}`, email: "maria@example.com" })),
        expectEnd("c"),
        send("c", v8Frame(answered)),
        end("c"),
        expectPrinted("client", line`the server accepted ${answered} persons`),
        expectExit("client", 0),
      ];
    },
  },
];
