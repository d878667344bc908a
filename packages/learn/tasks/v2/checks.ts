import type { Check } from "../../src/checker/check.ts";
import type { Inputs } from "../../src/checker/inputs.ts";
import {
  accept,
  connect,
  dribble,
  end,
  expectEnd,
  expectErrorExit,
  expectExit,
  expectLine,
  expectOpen,
  expectPrinted,
  expectReadUntilFin,
  line,
  listen,
  portOf,
  restartServer,
  send,
  sendLines,
  startClient,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";

const QUESTION = "What is your name?";
const greeting = (name: string) => `Hello, ${name}!`;
/** The longest line either side reads, in bytes (its "\n" aside). */
const LINE_LIMIT = 64 * 1024;

/** A name with letters beyond ASCII: its bytes and characters differ, and a cut can fall inside one. */
function accented(input: Inputs): string {
  for (;;) {
    const name = input.name();
    if (Buffer.byteLength(name) > name.length) return name;
  }
}

/** A byte offset inside one of `text`'s characters of several bytes (after its first byte). */
function insideACharacter(input: Inputs, text: string): number {
  const starts: number[] = [];
  let offset = 0;
  for (const character of text) {
    if (Buffer.byteLength(character) > 1) starts.push(offset);
    offset += Buffer.byteLength(character);
  }
  return input.pick(starts) + 1;
}

/** Text of exactly `bytes` bytes in UTF-8, with no "\n". */
function textOfBytes(input: Inputs, bytes: number): string {
  let made = "";
  while (Buffer.byteLength(made) < bytes - 200) made += `${input.text()} `;
  return made + input.letters(bytes - Buffer.byteLength(made));
}

/** The start of `line`, cut between two characters (what came is valid UTF-8: only the "\n" is missing). */
const cutShort = (input: Inputs, line: string) => [...line].slice(0, input.int(1, [...line].length - 1)).join("");

/** Starts the student's client as `client`, against our server `srv`, and takes its connection as `c`. */
const clientFor = (args: string[], client = "client", c = "c") => [
  startClient(client, ["--port", portOf("srv"), ...args]),
  accept("srv", c, client),
];

/** What the client prints in a conversation. */
const printedByClient = (question: string, greeted: string) => [
  expectPrinted("client", line`server asks: ${question}`),
  expectPrinted("client", line`server says: ${greeted}`),
];

export const checks: readonly Check[] = [
  // --- the server (the checker is its client) --------------------------------------------------
  {
    id: "greets-by-name",
    title: text(
      "the server asks `What is your name?`, prints `client is called NAME`, greets `Hello, NAME!`, closes (FIN), reads until the client's FIN, and exits 0",
      "o servidor pergunta `What is your name?`, imprime `client is called NOME`, cumprimenta `Hello, NOME!`, fecha (FIN), lê até o FIN do cliente, e sai com 0",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        // Straight to the server: a reset in answer to what we send after its FIN is seen.
        connect("c", "direct"),
        expectLine("c", QUESTION),
        sendLines("c", name),
        expectLine("c", greeting(name)),
        expectEnd("c"),
        expectPrinted("server", line`client is called ${name}`),
        expectReadUntilFin("c", `${input.text()}\n`),
        end("c"),
        expectExit("server", 0),
      ];
    },
  },
  {
    id: "name-byte-by-byte",
    title: text(
      'a name that arrives one byte at a time is read whole, up to its "\\n", even when a read ends inside a UTF-8 character',
      'um nome que chega um byte por vez é lido inteiro, até o seu "\\n", mesmo quando uma leitura termina no meio de um caractere UTF-8',
    ),
    steps: (input) => {
      const name = accented(input);
      const bytes = Buffer.from(`${name}\n`);
      const cut = insideACharacter(input, name);
      return [
        connect("c", "direct"),
        expectLine("c", QUESTION),
        dribble("c", bytes.subarray(0, cut)),
        // The server has read all that came, which ends inside a character; no "\n" yet.
        expectOpen("c", 200),
        dribble("c", bytes.subarray(cut)),
        expectLine("c", greeting(name)),
        expectEnd("c"),
        expectPrinted("server", line`client is called ${name}`),
      ];
    },
  },
  {
    id: "name-before-question",
    title: text(
      "a name sent before the question has even arrived is read all the same",
      "um nome enviado antes mesmo de a pergunta chegar é lido do mesmo jeito",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        connect("c"),
        sendLines("c", name),
        expectLine("c", QUESTION),
        expectLine("c", greeting(name)),
        expectEnd("c"),
      ];
    },
  },
  {
    id: "name-and-more",
    title: text(
      'a name and another line in one write ("Ana\\nextra\\n"): the name is the first line only, and the rest is read and dropped',
      'um nome e outra linha numa escrita só ("Ana\\nextra\\n"): o nome é só a primeira linha, e o resto é lido e descartado',
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        // Straight to the server, in one write: the server gets both lines in one chunk.
        connect("c", "direct"),
        expectLine("c", QUESTION),
        sendLines("c", name, input.text()),
        expectLine("c", greeting(name)),
        expectEnd("c"),
        expectPrinted("server", line`client is called ${name}`),
        end("c"),
        expectExit("server", 0),
      ];
    },
  },
  {
    id: "crlf",
    title: text(
      'a name ended by "\\r\\n" (as telnet sends it): the "\\r" is not part of the name',
      'um nome terminado por "\\r\\n" (como o telnet envia): o "\\r" não faz parte do nome',
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        connect("c", "direct"),
        expectLine("c", QUESTION),
        send("c", `${name}\r\n`),
        expectLine("c", greeting(name)),
        expectPrinted("server", line`client is called ${name}`),
      ];
    },
  },
  {
    id: "leaves-without-name",
    title: text(
      "a client that leaves without a name, or in the middle of it: the server sends nothing more, and exits 1 with one line on stderr",
      "um cliente que sai sem dizer o nome, ou no meio dele: o servidor não envia mais nada, e sai com 1 e uma linha no stderr",
    ),
    steps: (input) => [
      connect("c"),
      expectLine("c", QUESTION),
      end("c"),
      expectEnd("c"),
      expectErrorExit("server"),
      restartServer(),
      connect("d"),
      expectLine("d", QUESTION),
      send("d", cutShort(input, accented(input))),
      end("d"),
      expectEnd("d"),
      expectErrorExit("server"),
    ],
  },
  {
    id: "line-limit",
    title: text(
      'a name of 64 KiB is read; a line one byte longer is refused as soon as it is too long, without waiting for its "\\n": the server exits 1 with one line on stderr',
      'um nome de 64 KiB é lido; uma linha um byte mais longa é recusada assim que passa do limite, sem esperar o "\\n": o servidor sai com 1 e uma linha no stderr',
    ),
    steps: (input) => {
      const name = textOfBytes(input, LINE_LIMIT);
      return [
        connect("c", "direct"),
        expectLine("c", QUESTION),
        sendLines("c", name),
        expectLine("c", greeting(name)),
        expectEnd("c"),
        end("c"),
        expectExit("server", 0),
        restartServer(),
        connect("d", "direct"),
        expectLine("d", QUESTION),
        // No "\n", and the connection stays open: only the length can end it.
        send("d", textOfBytes(input, LINE_LIMIT + 1)),
        expectErrorExit("server"),
      ];
    },
  },

  // --- the client (the checker is its server) --------------------------------------------------
  {
    id: "client-conversation",
    title: text(
      "the client prints the question, answers with its --name, prints the greeting, closes (FIN), reads until the server's FIN, and exits 0",
      "o cliente imprime a pergunta, responde com o seu --name, imprime o cumprimento, fecha (FIN), lê até o FIN do servidor, e sai com 0",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        // Straight to the client: a reset in answer to what we send after its FIN is seen.
        listen("srv", "direct"),
        ...clientFor(["--name", name]),
        sendLines("c", QUESTION),
        expectLine("c", name),
        sendLines("c", greeting(name)),
        expectEnd("c"),
        expectReadUntilFin("c", `${input.text()}\n`, "client"),
        end("c"),
        ...printedByClient(QUESTION, greeting(name)),
        expectExit("client", 0),
      ];
    },
  },
  {
    id: "client-default-name",
    title: text("without --name, the client answers `Maria`", "sem --name, o cliente responde `Maria`"),
    steps: () => [
      listen("srv"),
      ...clientFor([]),
      sendLines("c", QUESTION),
      expectLine("c", "Maria"),
      sendLines("c", greeting("Maria")),
      end("c"),
      expectEnd("c"),
      expectExit("client", 0),
    ],
  },
  {
    id: "client-byte-by-byte",
    title: text(
      'the client waits for the whole question, one byte at a time (a read ending inside a UTF-8 character), up to its "\\n" before it answers; it prints the question and the greeting as they came',
      'o cliente espera a pergunta inteira, um byte por vez (uma leitura terminando no meio de um caractere UTF-8), até o "\\n" antes de responder; ele imprime a pergunta e o cumprimento como vieram',
    ),
    steps: (input) => {
      const name = accented(input);
      // Not the usual words: the client prints what it read, whatever it is.
      const question = input.pick([
        "Qual é o seu nome?",
        "Wie heißt du?",
        "¿Cómo te llamas?",
        "お名前は?",
        "Как тебя зовут?",
      ]);
      const greeted = `${input.pick(["Olá", "Hallo", "¡Hola", "Hej", "Ciao"])}, ${name} 🙂`;
      const asked = Buffer.from(`${question}\n`);
      const cut = insideACharacter(input, question);
      return [
        listen("srv", "direct"),
        ...clientFor(["--name", name]),
        dribble("c", asked.subarray(0, cut)),
        // The client has read what came, which ends inside a character; no "\n" yet: no answer yet.
        expectOpen("c", 200),
        dribble("c", asked.subarray(cut)),
        expectLine("c", name),
        // The greeting a byte at a time too, with our FIN right behind its last byte.
        dribble("c", `${greeted}\n`),
        end("c"),
        expectEnd("c"),
        ...printedByClient(question, greeted),
        expectExit("client", 0),
      ];
    },
  },
  {
    id: "client-one-chunk",
    title: text(
      "the client keeps the bytes after the question: the question, the greeting and the FIN in one chunk",
      "o cliente guarda os bytes que vêm depois da pergunta: a pergunta, o cumprimento e o FIN num pedaço só",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        // Straight to the client, in one write: this is about what one chunk holds.
        listen("srv", "direct"),
        ...clientFor(["--name", name]),
        sendLines("c", QUESTION, greeting(name)),
        end("c"),
        expectLine("c", name),
        expectEnd("c"),
        ...printedByClient(QUESTION, greeting(name)),
        expectExit("client", 0),
      ];
    },
  },
  {
    id: "client-no-greeting",
    title: text(
      "a server that closes without a greeting, or in the middle of it: the client exits 1 with one line on stderr",
      "um servidor que fecha sem cumprimentar, ou no meio do cumprimento: o cliente sai com 1 e uma linha no stderr",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        listen("srv", "direct"),
        ...clientFor(["--name", name], "a", "c"),
        sendLines("c", QUESTION),
        expectLine("c", name),
        end("c"),
        expectErrorExit("a"),
        ...clientFor(["--name", name], "b", "d"),
        sendLines("d", QUESTION),
        expectLine("d", name),
        send("d", cutShort(input, greeting(name))),
        end("d"),
        expectErrorExit("b"),
      ];
    },
  },
  {
    id: "client-line-limit",
    title: text(
      "the client reads a question of 64 KiB; a line one byte longer is refused as soon as it is too long: the client exits 1 with one line on stderr",
      "o cliente lê uma pergunta de 64 KiB; uma linha um byte mais longa é recusada assim que passa do limite: o cliente sai com 1 e uma linha no stderr",
    ),
    steps: (input) => {
      const name = accented(input);
      return [
        listen("srv", "direct"),
        ...clientFor(["--name", name], "a", "c"),
        sendLines("c", textOfBytes(input, LINE_LIMIT)),
        expectLine("c", name),
        sendLines("c", greeting(name)),
        end("c"),
        expectEnd("c"),
        expectExit("a", 0),
        ...clientFor(["--name", name], "b", "d"),
        send("d", textOfBytes(input, LINE_LIMIT + 1)),
        expectErrorExit("b"),
      ];
    },
  },
];
