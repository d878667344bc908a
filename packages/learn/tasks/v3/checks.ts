import { isDeepStrictEqual } from "node:util";
import v8 from "node:v8";
import { encodeFrame, FrameDecoder, MAX_FRAME_PAYLOAD_BYTES } from "@socket-lessons/protocol";
import { type Check, CheckFailure, fail } from "../../src/checker/check.ts";
import type { CheckContext, WeatherProfile } from "../../src/checker/context.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import { dribble } from "../../src/checker/dribble.ts";
import { evidenceAt } from "../../src/checker/evidence.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";

/** How long a program may take to exit once its part is done (a guard, not a measure). */
const EXIT_GUARD_MS = 5000;

const EMAIL = "ana@example.com";
const person = (i: number) => ({ name: `Ana ${i}`, email: EMAIL });
const frameOf = (value: unknown) => encodeFrame(v8.serialize(value));
const personFrame = (i: number) => frameOf(person(i));
const printedPerson = (i: number) => `received person: Ana ${i} <${EMAIL}>`;

const FROM_SERVER = text("bytes from the server", "bytes do servidor");
const FROM_CLIENT = text("bytes from the client", "bytes do cliente");

/** The same failure, told as part of a bigger step: "expected the count frame after our FIN (...)". */
async function expecting<T>(what: Text, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    throw new CheckFailure(
      text(
        `expected ${what.en} (${error.explanation.en})`,
        `esperava ${what["pt-BR"]} (${error.explanation["pt-BR"]})`,
      ),
      error.evidence,
    );
  }
}

/** v8.deserialize on the payload of the frame at offset `at` of what came; fails the check if it is not v8 data. */
function decoded(payload: Buffer, conversation: Conversation, at: number, what: Text): unknown {
  try {
    return v8.deserialize(payload);
  } catch {
    const label = text(`bytes from ${conversation.peer.en}`, `bytes d${conversation.peer["pt-BR"]}`);
    fail(
      text(
        `expected ${what.en} as v8-serialized data (v8.serialize); the ${payload.length} bytes of the payload do not decode`,
        `esperava ${what["pt-BR"]} como dados do v8 (v8.serialize); os ${payload.length} bytes do payload não se decodificam`,
      ),
      evidenceAt(label, conversation.received, at + 4),
    );
  }
}

/** Starts the student's server, connects (through `weather`), and reads its greeting frame. */
async function greetedBy(context: CheckContext, weather?: WeatherProfile) {
  const { program, port } = await context.startServer();
  const server = await context.connect(await context.weatherTo(port, weather));
  const payload = await expecting(text("the greeting frame first", "o frame de saudação primeiro"), server.readFrame());
  const greeting = decoded(payload, server, 0, text("the greeting", "a saudação"));
  if (greeting !== "Hello from the server!") {
    fail(
      text(
        `expected the greeting frame to hold the string "Hello from the server!" (the lesson's default); it holds ${describe(greeting)}`,
        `esperava que o frame de saudação trouxesse a string "Hello from the server!" (o padrão da lição); ele traz ${describe(greeting)}`,
      ),
      evidenceAt(FROM_SERVER, server.received, 4),
    );
  }
  // Where the server's next frame (the count) starts.
  return { program, server, countAt: 4 + payload.length };
}

const describe = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;

/**
 * A failure of `work`, with what the server printed added to it (a crash shows its error
 * there): the server is given a moment to finish printing first.
 */
async function withOutputOf<T>(program: StudentProgram, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    await Promise.race([program.process.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
    const printed = printedBy(program.process);
    throw new CheckFailure(
      text(
        `${error.explanation.en}\nThe server printed:\n${printed}`,
        `${error.explanation["pt-BR"]}\nO servidor imprimiu:\n${printed}`,
      ),
      error.evidence,
    );
  }
}

/** After our FIN: one frame holding `count` as a v8 number, then the server's FIN, nothing more. */
async function expectCount(program: StudentProgram, server: Conversation, countAt: number, count: number) {
  await withOutputOf(program, expectCountFrame(server, countAt, count));
}

async function expectCountFrame(server: Conversation, countAt: number, count: number): Promise<void> {
  const payload = await expecting(
    text(
      `a frame holding the count (${count}) after our FIN`,
      `um frame com a contagem (${count}) depois do nosso FIN`,
    ),
    server.readFrame(),
  );
  const value = decoded(payload, server, countAt, text("the count", "a contagem"));
  if (value !== count) {
    fail(
      typeof value === "number"
        ? text(
            `expected the count frame to hold ${count}, the number of valid persons we sent; it holds ${value}`,
            `esperava que o frame da contagem trouxesse ${count}, o número de pessoas válidas que enviamos; ele traz ${value}`,
          )
        : text(
            `expected the count frame to hold the number ${count} (a v8-serialized number); it holds ${describe(value)}`,
            `esperava que o frame da contagem trouxesse o número ${count} (um number serializado pelo v8); ele traz ${describe(value)}`,
          ),
      evidenceAt(FROM_SERVER, server.received, countAt + 4),
    );
  }
  await server.expectEnd();
}

/** The server's exit: 0, with a `received person` line for each valid person and a `refused a frame` line for each bad frame. */
async function expectServerDone(program: StudentProgram, persons: readonly number[], refused = 0): Promise<void> {
  const exit = await program.exit(
    text("the server to exit once it had sent the count", "que o servidor saísse depois de enviar a contagem"),
    EXIT_GUARD_MS,
  );
  if (exit.code !== 0) {
    fail(
      text(
        `expected the server to exit with code 0 after sending the count; it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
        `esperava que o servidor saísse com código 0 depois de enviar a contagem; ele saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
  const printed = exit.stdout.filter((line) => line.startsWith("received person"));
  const wanted = persons.map(printedPerson);
  if (!isDeepStrictEqual(printed, wanted)) {
    fail(
      text(
        `expected the server to print, in order:\n${wanted.map((line) => `    ${line}`).join("\n")}\nIt printed:\n${printedBy(exit)}`,
        `esperava que o servidor imprimisse, em ordem:\n${wanted.map((line) => `    ${line}`).join("\n")}\nEle imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
  const refusals = exit.stderr.filter((line) => line.startsWith("refused a frame: "));
  if (refusals.length !== refused) {
    fail(
      text(
        `expected ${refused} line${refused === 1 ? "" : "s"} \`refused a frame: REASON\` on stderr; there ${refusals.length === 1 ? "was" : "were"} ${refusals.length}. It printed:\n${printedBy(exit)}`,
        `esperava ${refused} linha${refused === 1 ? "" : "s"} \`refused a frame: MOTIVO\` no stderr; ${refusals.length === 1 ? "veio" : "vieram"} ${refusals.length}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
}

/** The server's exit after a broken exchange: code 1, and one clear line on stderr (no stack trace). */
async function expectServerError(program: StudentProgram, what: Text): Promise<void> {
  const exit = await program.exit(what, EXIT_GUARD_MS);
  const errors = exit.stderr.filter((line) => line.trim() !== "");
  if (exit.code !== 1 || errors.length !== 1 || /^\s+at /.test(errors.join("\n"))) {
    fail(
      text(
        `expected ${what.en}: exit code 1 and one line on stderr saying why, no stack trace; it exited with code ${exit.code ?? exit.signal}, with ${errors.length} line${errors.length === 1 ? "" : "s"} on stderr. It printed:\n${printedBy(exit)}`,
        `esperava ${what["pt-BR"]}: código de saída 1 e uma linha no stderr dizendo o porquê, sem stack trace; ele saiu com código ${exit.code ?? exit.signal}, com ${errors.length} linha${errors.length === 1 ? "" : "s"} no stderr. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
}

/** A server of the checker's own for the student's client, and the first connection to it. */
async function ownServer(context: CheckContext, weather?: WeatherProfile) {
  let arrived: (conversation: Conversation) => void = () => {};
  const connection = new Promise<Conversation>((resolve) => {
    arrived = resolve;
  });
  const port = await context.listen((conversation) => arrived(conversation));
  return { port: await context.weatherTo(port, weather), connection };
}

/** The client's connection, or a failure if the client exits without making one. */
async function connectionFrom(program: StudentProgram, connection: Promise<Conversation>): Promise<Conversation> {
  const first = await Promise.race([connection, program.process.exited]);
  if ("socket" in first) return first;
  fail(
    text(
      `expected the client to connect to the server; it exited with code ${first.code ?? first.signal} first. It printed:\n${printedBy(first)}`,
      `esperava que o cliente se conectasse ao servidor; ele saiu antes, com código ${first.code ?? first.signal}. Ele imprimiu:\n${printedBy(first)}`,
    ),
  );
}

/** Everything the client sends until its FIN, cut into frames: the persons, as values. */
async function personsFrom(client: Conversation): Promise<unknown[]> {
  const bytes = await expecting(
    text(
      "the client to send its persons, then half-close (FIN)",
      "que o cliente enviasse as pessoas e fizesse o half-close (FIN)",
    ),
    client.readToEnd(),
  );
  const decoder = new FrameDecoder({ maxPayloadBytes: MAX_FRAME_PAYLOAD_BYTES });
  const persons: unknown[] = [];
  let at = 0;
  try {
    for (const payload of decoder.push(bytes)) {
      persons.push(
        decoded(payload, client, at, text(`person ${persons.length + 1}`, `a pessoa ${persons.length + 1}`)),
      );
      at += 4 + payload.length;
    }
    decoder.end();
  } catch (error) {
    if (error instanceof CheckFailure) throw error;
    fail(
      text(
        `expected whole frames (a 4-byte length, then that many bytes) until the client's FIN; after ${persons.length} frame${persons.length === 1 ? "" : "s"}: ${(error as Error).message}`,
        `esperava frames inteiros (um tamanho de 4 bytes, e então esse tanto de bytes) até o FIN do cliente; depois de ${persons.length} frame${persons.length === 1 ? "" : "s"}: ${(error as Error).message}`,
      ),
      evidenceAt(FROM_CLIENT, bytes, at),
    );
  }
  return persons;
}

export const checks: readonly Check[] = [
  {
    title: text(
      "the server reads 3 persons sent in separate writes, then answers with the count 3",
      "o servidor lê 3 pessoas enviadas em writes separados, e responde com a contagem 3",
    ),
    async run(context) {
      const { program, server, countAt } = await greetedBy(context);
      for (const i of [1, 2, 3]) server.send(personFrame(i));
      server.end();
      await expectCount(program, server, countAt, 3);
      await expectServerDone(program, [1, 2, 3]);
    },
  },
  {
    title: text(
      "frames split at every byte (their 4-byte headers too) are put back together",
      "frames cortados em cada byte (os cabeçalhos de 4 bytes também) são remontados",
    ),
    async run(context) {
      const { program, server, countAt } = await greetedBy(context, { slice: 1 });
      await dribble(server, Buffer.concat([1, 2, 3].map(personFrame)));
      server.end();
      await expectCount(program, server, countAt, 3);
      await expectServerDone(program, [1, 2, 3]);
    },
  },
  {
    title: text(
      "frames merged in one write are all read: one read is not one message",
      "frames enviados juntos num único write são todos lidos: uma leitura não é uma mensagem",
    ),
    async run(context) {
      // No slicing here: the three frames and our FIN go as one chunk.
      const { program, server, countAt } = await greetedBy(context, { slice: 0 });
      server.end(Buffer.concat([1, 2, 3].map(personFrame)));
      await expectCount(program, server, countAt, 3);
      await expectServerDone(program, [1, 2, 3]);
    },
  },
  {
    title: text(
      "an invalid person in the middle is refused and not counted; the persons around it are",
      "uma pessoa inválida no meio é recusada e não contada; as pessoas em volta dela são",
    ),
    async run(context) {
      const { program, server, countAt } = await greetedBy(context);
      server.send(personFrame(1));
      server.send(frameOf({ name: "", email: EMAIL })); // an empty name: not a valid person
      server.send(personFrame(3));
      server.send(frameOf({ name: "Ana 4", email: EMAIL, admin: true })); // a field too many
      server.send(personFrame(5));
      server.end();
      await expectCount(program, server, countAt, 3);
      await expectServerDone(program, [1, 3, 5], 2);
    },
  },
  {
    title: text(
      "a frame that is not v8 data is refused, and the server goes on with the next one",
      "um frame que não é dado do v8 é recusado, e o servidor segue para o próximo",
    ),
    async run(context) {
      const { program, server, countAt } = await greetedBy(context);
      server.send(personFrame(1));
      server.send(encodeFrame(Buffer.from("not v8 at all"))); // v8.deserialize throws on these bytes
      server.send(personFrame(2));
      server.end();
      await expectCount(program, server, countAt, 2);
      await expectServerDone(program, [1, 2], 1);
    },
  },
  {
    title: text(
      "with no persons at all, the count frame holds the v8 number 0, then the server closes",
      "sem nenhuma pessoa, o frame da contagem traz o número 0 serializado pelo v8, e o servidor fecha",
    ),
    async run(context) {
      const { program, server, countAt } = await greetedBy(context);
      server.end();
      await expectCount(program, server, countAt, 0);
      await expectServerDone(program, []);
    },
  },
  {
    title: text(
      "a header announcing 2^31 bytes is refused at once: the server closes and exits 1 with one clear line",
      "um cabeçalho que anuncia 2^31 bytes é recusado na hora: o servidor fecha e sai com 1 e uma linha clara",
    ),
    async run(context) {
      const { program, server } = await greetedBy(context);
      const header = Buffer.alloc(4);
      header.writeUInt32BE(2 ** 31);
      // The header only, and we stay connected: a server that waits for the 2 GiB never exits.
      server.send(header);
      await expectServerError(
        program,
        text(
          "the server to refuse a frame over 1 MiB as soon as its header came, and exit",
          "que o servidor recusasse um frame de mais de 1 MiB assim que o cabeçalho chegasse, e saísse",
        ),
      );
      await expecting(
        text("the server to close the connection", "que o servidor fechasse a conexão"),
        server.readToEnd(),
      );
    },
  },
  {
    title: text(
      "a client that leaves in the middle of a frame is reported: exit 1, one clear line",
      "um cliente que sai no meio de um frame é relatado: saída 1, uma linha clara",
    ),
    async run(context) {
      const { program, server } = await greetedBy(context);
      const second = personFrame(2);
      server.send(personFrame(1));
      server.end(second.subarray(0, 10)); // its header and 6 bytes of its payload, then our FIN
      await expectServerError(
        program,
        text(
          "the server to report a client that left in the middle of a frame",
          "que o servidor relatasse um cliente que saiu no meio de um frame",
        ),
      );
    },
  },
  {
    title: text(
      "the client prints the greeting even when its frame arrives split at every byte",
      "o cliente imprime a saudação mesmo quando o frame dela chega cortado em cada byte",
    ),
    async run(context) {
      const greeting = "Olá, frames! 🌍";
      const { port, connection } = await ownServer(context, { slice: 1 });
      const program = context.startClient(["--port", String(port)]);
      const client = await connectionFrom(program, connection);
      await dribble(client, frameOf(greeting));
      // Take what it sends, answer as a server would, and let it finish.
      const persons = await personsFrom(client);
      client.end(frameOf(persons.length));
      await program.waitForLine(
        /^server says: /,
        text(`the line \`server says: ${greeting}\``, `a linha \`server says: ${greeting}\``),
        EXIT_GUARD_MS,
      );
      const said = program.stdout.find((line) => line.startsWith("server says: "));
      if (said !== `server says: ${greeting}`) {
        fail(
          text(
            `expected the line \`server says: ${greeting}\`; it printed ${JSON.stringify(said)}`,
            `esperava a linha \`server says: ${greeting}\`; ele imprimiu ${JSON.stringify(said)}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "the client sends exactly --count persons, NAME 1 to NAME N, one frame each, then half-closes (FIN)",
      "o cliente envia exatamente --count pessoas, NOME 1 a NOME N, um frame cada, e faz o half-close (FIN)",
    ),
    async run(context) {
      const { port, connection } = await ownServer(context);
      const program = context.startClient(["--port", String(port), "--count", "5", "--name", "Ana", "--email", EMAIL]);
      const client = await connectionFrom(program, connection);
      client.send(frameOf("Hello from the checker!"));
      const persons = await personsFrom(client);
      const wanted = [1, 2, 3, 4, 5].map(person);
      if (!isDeepStrictEqual(persons, wanted)) {
        const shown = (values: unknown[]) => values.map((value) => `    ${JSON.stringify(value)}`).join("\n");
        fail(
          text(
            `expected 5 frames, { name: "Ana 1", email: "${EMAIL}" } to { name: "Ana 5", ... }, then the client's FIN; ${persons.length} came before the FIN:\n${shown(persons)}`,
            `esperava 5 frames, { name: "Ana 1", email: "${EMAIL}" } a { name: "Ana 5", ... }, e então o FIN do cliente; ${persons.length === 1 ? "veio 1" : `vieram ${persons.length}`} antes do FIN:\n${shown(persons)}`,
          ),
        );
      }
      client.end(frameOf(5));
      await program.exit(
        text("the client to exit once the count came", "que o cliente saísse depois de receber a contagem"),
        EXIT_GUARD_MS,
      );
    },
  },
  {
    title: text(
      "the client prints the count it gets back (`the server accepted N persons`), and exits 0",
      "o cliente imprime a contagem que recebe (`the server accepted N persons`), e sai com 0",
    ),
    async run(context) {
      const { port, connection } = await ownServer(context);
      const program = context.startClient(["--port", String(port)]);
      const client = await connectionFrom(program, connection);
      client.send(frameOf("Hello from the checker!"));
      await personsFrom(client);
      // As if the server had refused one of them: the client must print what the server says.
      client.end(frameOf(2));
      const exit = await program.exit(
        text("the client to exit once the count came", "que o cliente saísse depois de receber a contagem"),
        EXIT_GUARD_MS,
      );
      const wanted = ["server says: Hello from the checker!", "the server accepted 2 persons"];
      if (exit.code !== 0 || !isDeepStrictEqual(exit.stdout, wanted)) {
        fail(
          text(
            `expected the client to print\n${wanted.map((line) => `    ${line}`).join("\n")}\nand exit 0, once the server's count frame (2) had come; it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
            `esperava que o cliente imprimisse\n${wanted.map((line) => `    ${line}`).join("\n")}\ne saísse com 0, depois de chegar o frame da contagem (2) do servidor; ele saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
          ),
        );
      }
    },
  },
];
