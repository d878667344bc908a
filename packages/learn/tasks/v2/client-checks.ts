// The v2 checks of the student's client: the checker is the server, a server of its own
// (context.listen), with the weather in front of it.
import { setTimeout as delay } from "node:timers/promises";
import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext } from "../../src/checker/context.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import { evidenceAt } from "../../src/checker/evidence.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { text } from "../../src/i18n.ts";
import {
  byteByByte,
  expectCleanFailure,
  expectExitZero,
  expectStdout,
  GUARD_MS,
  greetingFor,
  QUESTION,
  sendInPieces,
  watching,
} from "./talk.ts";

const THE_CLIENT = text("the client", "o cliente");
const ONCE_GREETED = text("once the server has greeted it and closed", "depois que o servidor o cumprimentou e fechou");
/** What the client prints in a good conversation, answering `name`. */
const conversationOf = (name: string) => [`server asks: ${QUESTION}`, `server says: ${greetingFor(name)}`];

/** How long the client may take to start and connect (tsx compiles it first): a guard. */
const CONNECT_GUARD_MS = 20_000;

/**
 * Starts the student's client with `args` against a server of the checker's own, which
 * plays its part with `serve` once the client has connected. `weather: false` connects the
 * client straight to it, when the check is about what one chunk holds. Resolves with the
 * client's program once `serve` is done; the caller waits for its exit and judges it.
 */
async function clientAgainst(
  context: CheckContext,
  args: readonly string[],
  serve: (client: Conversation) => Promise<void>,
  { weather = true } = {},
): Promise<StudentProgram> {
  let arrived: (client: Conversation) => void = () => {};
  const connection = new Promise<Conversation>((resolve) => {
    arrived = resolve;
  });
  const port = await context.listen((client) => arrived(client));
  const target = weather ? await context.weatherTo(port) : port;
  const program = context.startClient(["--port", String(target), ...args]);
  const outcome = await Promise.race([
    connection.then((client) => ({ client })),
    program.process.exited.then((exit) => ({ exit })),
    delay(CONNECT_GUARD_MS, undefined, { ref: false }).then(() => ({})),
  ]);
  if (!("client" in outcome)) {
    const exit = "exit" in outcome ? outcome.exit : undefined;
    fail(
      text(
        `expected the client to connect to the server on port ${target}; ${exit ? `it exited first, with code ${exit.code ?? exit.signal}` : `it did not within ${CONNECT_GUARD_MS / 1000} s`}. It printed:\n${printedBy(program.process)}`,
        `esperava que o cliente conectasse ao servidor na porta ${target}; ${exit ? `ele saiu antes, com código ${exit.code ?? exit.signal}` : `ele não conectou em ${CONNECT_GUARD_MS / 1000} s`}. Ele imprimiu:\n${printedBy(program.process)}`,
      ),
    );
  }
  await watching(program, THE_CLIENT, () => serve(outcome.client));
  return program;
}

/** The server's part of a good conversation: the question, our client's `name`, the greeting and our FIN. */
async function goodServer(client: Conversation, name: string): Promise<void> {
  client.send(`${QUESTION}\n`);
  await client.expectLine(name);
  client.end(`${greetingFor(name)}\n`);
  await client.expectEnd(); // the client closes after the greeting, with nothing more to say
}

export const clientChecks: readonly Check[] = [
  {
    title: text(
      "the client prints the question, answers with its --name, prints the greeting, closes and exits 0",
      "o cliente imprime a pergunta, responde com o seu --name, imprime o cumprimento, fecha e sai com 0",
    ),
    async run(context) {
      const program = await clientAgainst(context, ["--name", "Beatriz"], (client) => goodServer(client, "Beatriz"));
      expectStdout(await expectExitZero(program, THE_CLIENT, ONCE_GREETED), conversationOf("Beatriz"), THE_CLIENT);
    },
  },
  {
    title: text("without --name, the client answers `Maria`", "sem --name, o cliente responde `Maria`"),
    async run(context) {
      const program = await clientAgainst(context, [], (client) => goodServer(client, "Maria"));
      expectStdout(await expectExitZero(program, THE_CLIENT, ONCE_GREETED), conversationOf("Maria"), THE_CLIENT);
    },
  },
  {
    title: text(
      'the client waits for the whole question, sent one byte at a time, up to its "\\n" before it answers',
      'o cliente espera a pergunta inteira, enviada um byte de cada vez, até o "\\n", antes de responder',
    ),
    async run(context) {
      const program = await clientAgainst(context, ["--name", "Ana"], async (client) => {
        const bytes = byteByByte(`${QUESTION}\n`);
        await sendInPieces(client, bytes.slice(0, -1));
        if (client.received.length > 0) {
          fail(
            text(
              `expected the client to wait for the whole question (up to its "\\n") before answering; ${bytes.length - 1} of its ${bytes.length} bytes had come, one at a time, and it had already sent ${JSON.stringify(client.received.toString())}`,
              `esperava que o cliente esperasse a pergunta inteira (até o "\\n") antes de responder; tinham chegado ${bytes.length - 1} dos ${bytes.length} bytes dela, um de cada vez, e ele já tinha enviado ${JSON.stringify(client.received.toString())}`,
            ),
            evidenceAt(text("bytes from the client", "bytes do cliente"), client.received, 0),
          );
        }
        client.send("\n");
        await client.expectLine("Ana");
        client.end(`${greetingFor("Ana")}\n`);
        await client.expectEnd();
      });
      expectStdout(await expectExitZero(program, THE_CLIENT, ONCE_GREETED), conversationOf("Ana"), THE_CLIENT);
    },
  },
  {
    title: text(
      "the client reads the greeting sent one byte at a time, the server's FIN right behind its last byte",
      "o cliente lê o cumprimento enviado um byte de cada vez, com o FIN do servidor logo atrás do último byte",
    ),
    async run(context) {
      const program = await clientAgainst(context, ["--name", "Ana"], async (client) => {
        client.send(`${QUESTION}\n`);
        await client.expectLine("Ana");
        const bytes = byteByByte(`${greetingFor("Ana")}\n`);
        await sendInPieces(client, bytes.slice(0, -1));
        client.end(bytes.at(-1)); // the "\n" and our FIN together
        await client.expectEnd();
      });
      expectStdout(await expectExitZero(program, THE_CLIENT, ONCE_GREETED), conversationOf("Ana"), THE_CLIENT);
    },
  },
  {
    title: text(
      "the client keeps the bytes after the question: the question, the greeting and the FIN in one chunk",
      "o cliente guarda os bytes que vêm depois da pergunta: a pergunta, o cumprimento e o FIN num pedaço só",
    ),
    async run(context) {
      const program = await clientAgainst(
        context,
        [],
        async (client) => {
          // All at once, before the answer: the client must find both lines in the one chunk.
          client.end(`${QUESTION}\n${greetingFor("Maria")}\n`);
          await client.expectLine("Maria");
          await client.expectEnd();
        },
        // Straight to the client, no weather: this is about what one chunk holds.
        { weather: false },
      );
      const exit = await program.exit(text("the client to exit", "que o cliente saísse"), GUARD_MS);
      const printed = exit.stdout.join("\n");
      if (exit.code !== 0 || printed !== conversationOf("Maria").join("\n")) {
        fail(
          text(
            `expected the client to find both lines in the one chunk that came, ${JSON.stringify(`${QUESTION}\n${greetingFor("Maria")}\n`)} with the FIN, to print them (\`server asks: ...\`, \`server says: ...\`) and exit 0; it exited with code ${exit.code ?? exit.signal}. The bytes after the question's "\\n" are the start of the next line: keep them for it, do not drop them. It printed:\n${printedBy(exit)}`,
            `esperava que o cliente achasse as duas linhas no único pedaço que chegou, ${JSON.stringify(`${QUESTION}\n${greetingFor("Maria")}\n`)} com o FIN, as imprimisse (\`server asks: ...\`, \`server says: ...\`) e saísse com 0; ele saiu com código ${exit.code ?? exit.signal}. Os bytes depois do "\\n" da pergunta são o começo da próxima linha: guarde-os para ela, não os jogue fora. Ele imprimiu:\n${printedBy(exit)}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "a server that closes without a greeting, or in the middle of it: the client exits 1 with one clear line on stderr",
      "um servidor que fecha sem cumprimentar, ou no meio do cumprimento: o cliente sai com 1 e uma linha clara na saída de erro",
    ),
    async run(context) {
      for (const [said, because] of [
        ["", text("when the server closes without a greeting", "quando o servidor fecha sem cumprimentar")],
        [
          "Hello, Ma",
          text(
            'when the server closes after "Hello, Ma", with no "\\n"',
            'quando o servidor fecha depois de "Hello, Ma", sem "\\n"',
          ),
        ],
      ] as const) {
        const program = await clientAgainst(context, [], async (client) => {
          client.send(`${QUESTION}\n`);
          await client.expectLine("Maria");
          client.end(said);
        });
        const exit = await expectCleanFailure(program, THE_CLIENT, because);
        if (exit.stdout.some((line) => line.startsWith("server says:"))) {
          fail(
            text(
              `expected the client to print no greeting ${because.en}: a line ends with "\\n", and none came. It printed:\n${printedBy(exit)}`,
              `esperava que o cliente não imprimisse cumprimento nenhum ${because["pt-BR"]}: uma linha termina em "\\n", e nenhum veio. Ele imprimiu:\n${printedBy(exit)}`,
            ),
          );
        }
      }
    },
  },
];
