// The v2 checks of the student's server: the checker is the client, through the weather.
import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext, WeatherProfile } from "../../src/checker/context.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import type { StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";
import {
  byteByByte,
  expectCleanFailure,
  expectExitZero,
  expectStdout,
  greetingFor,
  QUESTION,
  sendInPieces,
  watching,
} from "./talk.ts";

const THE_SERVER = text("the server", "o servidor");
const ONCE_GREETED = text("once it has greeted its client", "depois de cumprimentar o cliente");

/**
 * Starts the student's server, connects to it as its client through `profile`'s weather, and
 * has `talk` play the client's part; a failure also says what the server printed.
 */
async function talkToServer(
  context: CheckContext,
  talk: (server: Conversation, program: StudentProgram) => Promise<void>,
  profile: WeatherProfile = context.options.weather,
): Promise<void> {
  const { program, port } = await context.startServer();
  const server = await context.connect(await context.weatherTo(port, profile));
  await watching(program, THE_SERVER, () => talk(server, program));
}

/**
 * The rest of a good conversation, once the server has our name: its greeting line, its FIN,
 * the line it printed, and its exit (code 0, once our FIN answers its own).
 */
async function expectGreeted(server: Conversation, program: StudentProgram, name: string): Promise<void> {
  await server.expectLine(greetingFor(name));
  await server.expectEnd();
  const exit = await expectExitZero(program, THE_SERVER, ONCE_GREETED);
  expectStdout(exit, [`client is called ${name}`], THE_SERVER);
}

export const serverChecks: readonly Check[] = [
  {
    title: text(
      'the server speaks first: it asks "What is your name?" in one line',
      'o servidor fala primeiro: ele pergunta "What is your name?" numa linha',
    ),
    async run(context) {
      await talkToServer(context, (server) => server.expectLine(QUESTION));
    },
  },
  {
    title: text(
      "answered with a name, the server prints `client is called NAME`, greets `Hello, NAME!`, closes (FIN) and exits 0",
      "respondido com um nome, o servidor imprime `client is called NOME`, cumprimenta `Hello, NOME!`, fecha (FIN) e sai com 0",
    ),
    async run(context) {
      await talkToServer(context, async (server, program) => {
        await server.expectLine(QUESTION);
        server.send("Beatriz\n");
        await expectGreeted(server, program, "Beatriz");
      });
    },
  },
  {
    title: text(
      'a name sent one byte at a time is read whole, up to its "\\n"',
      'um nome enviado um byte de cada vez é lido inteiro, até o seu "\\n"',
    ),
    async run(context) {
      await talkToServer(
        context,
        async (server, program) => {
          await server.expectLine(QUESTION);
          await sendInPieces(server, byteByByte("Bartholomew\n"));
          await expectGreeted(server, program, "Bartholomew");
        },
        { slice: 1 },
      );
    },
  },
  {
    title: text(
      "a name sent at once, before the question has even arrived, is read all the same",
      "um nome enviado logo de cara, antes mesmo de a pergunta chegar, é lido do mesmo jeito",
    ),
    async run(context) {
      await talkToServer(context, async (server, program) => {
        server.send("Ana\n"); // straight away: the question is still on its way
        await server.expectLine(QUESTION);
        await expectGreeted(server, program, "Ana");
      });
    },
  },
  {
    title: text(
      'a name and another line in one write ("Ana\\nextra\\n"): the name is the first line only',
      'um nome e outra linha numa escrita só ("Ana\\nextra\\n"): o nome é só a primeira linha',
    ),
    async run(context) {
      await talkToServer(context, async (server, program) => {
        await server.expectLine(QUESTION);
        server.send("Ana\nextra\n");
        await expectGreeted(server, program, "Ana");
      });
    },
  },
  {
    title: text(
      "a UTF-8 name cut in the middle of its characters (`João 🙂`) arrives whole",
      "um nome em UTF-8 cortado no meio dos caracteres (`João 🙂`) chega inteiro",
    ),
    async run(context) {
      await talkToServer(context, async (server, program) => {
        await server.expectLine(QUESTION);
        // "ã" is 2 bytes and "🙂" is 4: each is cut in two, in separate writes.
        const bytes = Buffer.from("João 🙂\n");
        await sendInPieces(server, [bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)]);
        await expectGreeted(server, program, "João 🙂");
      });
    },
  },
  {
    title: text(
      "a client that leaves without a name, or in the middle of it: the server exits 1 with one clear line on stderr",
      "um cliente que sai sem dizer o nome, ou no meio dele: o servidor sai com 1 e uma linha clara na saída de erro",
    ),
    async run(context) {
      const cases: Array<[said: string, because: Text]> = [
        ["", text("when its client leaves without a name", "quando o cliente sai sem dizer o nome")],
        [
          "Ana",
          text('when its client leaves after "Ana", with no "\\n"', 'quando o cliente sai depois de "Ana", sem "\\n"'),
        ],
      ];
      for (const [said, because] of cases) {
        await talkToServer(context, async (server, program) => {
          await server.expectLine(QUESTION);
          server.end(said); // our FIN, with no whole line before it
          const rest = await server.readToEnd();
          if (rest.length > 0) {
            fail(
              text(
                `expected the server to send nothing more ${because.en}: a line ends with "\\n", and none came; it sent ${JSON.stringify(rest.toString())}`,
                `esperava que o servidor não enviasse mais nada ${because["pt-BR"]}: uma linha termina em "\\n", e nenhum veio; ele enviou ${JSON.stringify(rest.toString())}`,
              ),
            );
          }
          await expectCleanFailure(program, THE_SERVER, because);
        });
      }
    },
  },
  {
    title: text(
      'a line over 64 KiB is refused without waiting for its "\\n": the server exits 1 with one clear line on stderr',
      'uma linha de mais de 64 KiB é recusada sem esperar pelo "\\n": o servidor sai com 1 e uma linha clara na saída de erro',
    ),
    async run(context) {
      await talkToServer(
        context,
        async (server, program) => {
          await server.expectLine(QUESTION);
          server.send(Buffer.alloc(65 * 1024, "x")); // no "\n", and the connection stays open
          await expectCleanFailure(
            program,
            THE_SERVER,
            text(
              'when a client sends over 64 KiB with no "\\n" (it must not buffer without limit)',
              'quando um cliente envia mais de 64 KiB sem "\\n" (ele não pode guardar bytes sem limite)',
            ),
          );
        },
        // Bigger slices here: 65 KiB a byte at a time would take a long while.
        { slice: 4096 },
      );
    },
  },
];
