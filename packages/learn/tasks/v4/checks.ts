import { isDeepStrictEqual } from "node:util";
import { type Check, CheckFailure, fail } from "../../src/checker/check.ts";
import type { CheckContext, WeatherProfile } from "../../src/checker/context.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import { dribble } from "../../src/checker/dribble.ts";
import { evidenceAt, firstDifference } from "../../src/checker/evidence.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";

/** How long a program may take to exit once its part is done (a guard, not a measure). */
const EXIT_GUARD_MS = 5000;
const MAX_REQUEST_LINE_BYTES = 1024 * 1024;

const FROM_SERVER = text("bytes from the server", "bytes do servidor");
const FROM_CLIENT = text("bytes from the client", "bytes do cliente");

const PEN = { code: 1, name: "Pen", price: 1.5, colors: ["blue"] };
const INK = { code: 2, name: "Ink", price: 3, colors: [] };
const add = (product: object) => ({ op: "add", product });
const remove = (code: unknown) => ({ op: "remove", code });
const LIST = { op: "list" };
const QUIT = { op: "quit" };

const json = (value: unknown) => JSON.stringify(value);
const lineOf = (request: unknown) => `${typeof request === "string" ? request : json(request)}\n`;

/** What a reply must be: a value (compared as JSON values, key order aside), or an error code. */
type Expected = { readonly reply: unknown } | { readonly error: string; readonly naming?: string };
const reply = (value: unknown): Expected => ({ reply: value });
const error = (code: string, naming?: string): Expected => ({ error: code, naming });

/**
 * One connection to the student's server, reading its replies one line at a time and
 * knowing where each one starts, so that a wrong reply is shown with its bytes.
 */
class Session {
  /** Where the next reply line starts, in all the server sent. */
  private at = 0;

  constructor(readonly server: Conversation) {}

  /** Sends one request line and checks the reply. */
  async ask(request: unknown, expected: Expected): Promise<void> {
    this.server.send(lineOf(request));
    await this.expect(request, expected);
  }

  /** Reads the next reply line (the answer to `request`) and checks it. */
  async expect(request: unknown, expected: Expected): Promise<void> {
    const asked = typeof request === "string" ? request : json(request);
    const line = await expecting(text(`a reply to ${asked}`, `uma resposta a ${asked}`), this.server.readLine());
    const at = this.at;
    this.at = this.server.received.indexOf(0x0a, at) + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      fail(
        text(
          `expected a JSON object on one line, the reply to ${asked}; it sent ${json(line)}, which is not JSON`,
          `esperava um objeto JSON numa linha, a resposta a ${asked}; veio ${json(line)}, que não é JSON`,
        ),
        evidenceAt(FROM_SERVER, this.server.received, at),
      );
    }
    if ("reply" in expected) {
      if (isDeepStrictEqual(value, expected.reply)) return;
      const wanted = Buffer.from(json(expected.reply));
      fail(
        text(
          `expected the reply ${json(expected.reply)} to ${asked}; it answered ${line}`,
          `esperava a resposta ${json(expected.reply)} a ${asked}; veio ${line}`,
        ),
        evidenceAt(FROM_SERVER, this.server.received, at + firstDifference(Buffer.from(line), wanted), {
          bytes: wanted,
          from: at,
        }),
      );
    }
    const problem = errorProblem(value, expected.error, expected.naming);
    if (problem === undefined) return;
    const shape = `{"ok":false,"error":{"code":"${expected.error}","message":...}}`;
    fail(
      text(
        `expected an error ${expected.error} (${shape}) to ${asked}${expected.naming ? `, its message naming \`${expected.naming}\`` : ""}; it answered ${line} (${problem.en})`,
        `esperava um erro ${expected.error} (${shape}) para ${asked}${expected.naming ? `, com a mensagem citando \`${expected.naming}\`` : ""}; veio ${line} (${problem["pt-BR"]})`,
      ),
      evidenceAt(FROM_SERVER, this.server.received, at),
    );
  }
}

/** What is wrong with an error reply, or undefined when it is the one expected. */
function errorProblem(value: unknown, code: string, naming: string | undefined): Text | undefined {
  const reply = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (typeof value !== "object" || value === null || reply.ok !== false)
    return text('"ok" is not false', '"ok" não é false');
  const errorObject = reply.error;
  if (
    typeof errorObject !== "object" ||
    errorObject === null ||
    !isDeepStrictEqual(Object.keys(errorObject).sort(), ["code", "message"])
  )
    return text(
      '"error" must have exactly the keys code and message',
      '"error" precisa ter exatamente as chaves code e message',
    );
  if (errorObject.code !== code)
    return text(`the code is ${json(errorObject.code)}`, `o código é ${json(errorObject.code)}`);
  if (typeof errorObject.message !== "string")
    return text("the message is not a string", "a mensagem não é uma string");
  if (
    naming !== undefined &&
    !new RegExp(`(^|[^A-Za-z_])${naming.replace(/[$_]/g, "\\$&")}($|[^A-Za-z_])`).test(errorObject.message)
  )
    return text(`the message does not name \`${naming}\``, `a mensagem não cita \`${naming}\``);
  return undefined;
}

/** The same failure, told as part of a bigger step: "expected a reply to ... (...)". */
async function expecting<T>(what: Text, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (failure) {
    if (!(failure instanceof CheckFailure)) throw failure;
    throw new CheckFailure(
      text(
        `expected ${what.en} (${failure.explanation.en})`,
        `esperava ${what["pt-BR"]} (${failure.explanation["pt-BR"]})`,
      ),
      failure.evidence,
    );
  }
}

/** Starts the student's server and connects to it, through `weather`. */
async function sessionWith(context: CheckContext, weather?: WeatherProfile): Promise<Session> {
  const { port } = await context.startServer();
  return new Session(await context.connect(await context.weatherTo(port, weather)));
}

/** quit: `{"ok":true}`, then the server ends the connection. */
async function quit(session: Session): Promise<void> {
  await session.ask(QUIT, reply({ ok: true }));
  await session.server.expectEnd();
}

/** A server of the checker's own for the student's client, and the first connection to it. */
async function ownServer(context: CheckContext) {
  let arrived: (conversation: Conversation) => void = () => {};
  const connection = new Promise<Conversation>((resolve) => {
    arrived = resolve;
  });
  const port = await context.listen((conversation) => arrived(conversation));
  return { port: await context.weatherTo(port), connection };
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

/**
 * Plays a correct server's part for the student's client: for each step, reads the client's
 * next request, checks it is the one `command` should send, and answers `answer`.
 */
async function serveScript(
  client: Conversation,
  program: StudentProgram,
  steps: readonly { command: string; request: (value: unknown) => boolean; shown: string; answer: unknown }[],
): Promise<void> {
  let at = 0;
  for (const step of steps) {
    let line: string;
    try {
      line = await expecting(
        text(
          `the request ${step.shown} for the command \`${step.command}\``,
          `a requisição ${step.shown} para o comando \`${step.command}\``,
        ),
        client.readLine(),
      );
    } catch (failure) {
      if (!(failure instanceof CheckFailure)) throw failure;
      // Say what the client printed too: a command it does not know is reported there.
      await Promise.race([program.process.exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      throw new CheckFailure(
        text(
          `${failure.explanation.en}\nThe client printed:\n${printedBy(program.process)}`,
          `${failure.explanation["pt-BR"]}\nO cliente imprimiu:\n${printedBy(program.process)}`,
        ),
        failure.evidence,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!step.request(value)) {
      fail(
        text(
          `expected the request ${step.shown} for the command \`${step.command}\`; the client sent ${line}. It printed:\n${printedBy(program.process)}`,
          `esperava a requisição ${step.shown} para o comando \`${step.command}\`; o cliente enviou ${line}. Ele imprimiu:\n${printedBy(program.process)}`,
        ),
        evidenceAt(FROM_CLIENT, client.received, at),
      );
    }
    at = client.received.indexOf(0x0a, at) + 1;
    client.send(lineOf(step.answer));
  }
  client.end(); // after quit's reply, as a server does
}

const REMOVED_PEN = {
  command: "remove 1",
  request: (v: unknown) => isDeepStrictEqual(v, remove(1)),
  shown: json(remove(1)),
};

/** The last two steps of both client scripts: an empty list, then quit. */
const LIST_EMPTY = {
  command: "list",
  request: (v: unknown) => isDeepStrictEqual(v, LIST),
  shown: json(LIST),
  answer: { ok: true, products: [] },
};
const QUIT_OK = {
  command: "quit",
  request: (v: unknown) => isDeepStrictEqual(v, QUIT),
  shown: json(QUIT),
  answer: { ok: true },
};

export const checks: readonly Check[] = [
  {
    title: text(
      "remove of an added product answers that product, and list no longer has it",
      "remove de um produto adicionado responde com esse produto, e o list não o tem mais",
    ),
    async run(context) {
      const session = await sessionWith(context);
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await session.ask(add(INK), reply({ ok: true, product: INK }));
      await session.ask(remove(1), reply({ ok: true, product: PEN }));
      await session.ask(LIST, reply({ ok: true, products: [INK] }));
      await quit(session);
    },
  },
  {
    title: text(
      "remove of a missing code answers NOT_FOUND, and the connection stays open",
      "remove de um código que não existe responde NOT_FOUND, e a conexão continua aberta",
    ),
    async run(context) {
      const session = await sessionWith(context);
      await session.ask(remove(7), error("NOT_FOUND"));
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await session.ask(remove(2), error("NOT_FOUND"));
      await session.ask(LIST, reply({ ok: true, products: [PEN] }));
      await quit(session);
    },
  },
  {
    title: text(
      'remove with a code that is not an integer from 1 to 2147483647 ("1", 0, 1.5, 2^31, none) gets BAD_REQUEST naming `code`',
      'remove com um código que não é inteiro de 1 a 2147483647 ("1", 0, 1.5, 2^31, nenhum) recebe BAD_REQUEST citando `code`',
    ),
    async run(context) {
      const session = await sessionWith(context);
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      for (const code of ["1", 0, 1.5, 2 ** 31, null]) await session.ask(remove(code), error("BAD_REQUEST", "code"));
      await session.ask('{"op":"remove"}', error("BAD_REQUEST", "code"));
      await session.ask(LIST, reply({ ok: true, products: [PEN] }));
      await quit(session);
    },
  },
  {
    title: text(
      "remove with an unknown field gets BAD_REQUEST naming that field, and removes nothing",
      "remove com um campo desconhecido recebe BAD_REQUEST citando esse campo, e não remove nada",
    ),
    async run(context) {
      const session = await sessionWith(context);
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await session.ask({ op: "remove", code: 1, force: true }, error("BAD_REQUEST", "force"));
      await session.ask('{"op":"remove","code":1,"__proto__":{"admin":true}}', error("BAD_REQUEST", "__proto__"));
      await session.ask(LIST, reply({ ok: true, products: [PEN] }));
      await quit(session);
    },
  },
  {
    title: text(
      "requests pipelined in one write, removes among them, are answered in order",
      "requisições enviadas juntas num write, com removes no meio, são respondidas em ordem",
    ),
    async run(context) {
      const session = await sessionWith(context);
      const script: [unknown, Expected][] = [
        [add(PEN), reply({ ok: true, product: PEN })],
        [add(INK), reply({ ok: true, product: INK })],
        [remove(1), reply({ ok: true, product: PEN })],
        [remove(1), error("NOT_FOUND")],
        [LIST, reply({ ok: true, products: [INK] })],
        [remove("2"), error("BAD_REQUEST", "code")],
        [remove(2), reply({ ok: true, product: INK })],
        [LIST, reply({ ok: true, products: [] })],
        [QUIT, reply({ ok: true })],
      ];
      session.server.send(script.map(([request]) => lineOf(request)).join(""));
      for (const [request, expected] of script) await session.expect(request, expected);
      await session.server.expectEnd();
    },
  },
  {
    title: text(
      "a remove request split at every byte is answered once it is whole",
      "uma requisição remove cortada em cada byte é respondida quando fica inteira",
    ),
    async run(context) {
      const session = await sessionWith(context, { slice: 1 });
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await dribble(session.server, Buffer.from(lineOf(remove(1))));
      await session.expect(remove(1), reply({ ok: true, product: PEN }));
      await session.ask(LIST, reply({ ok: true, products: [] }));
      await quit(session);
    },
  },
  {
    title: text(
      "a product can be added again after it was removed",
      "um produto pode ser adicionado de novo depois de removido",
    ),
    async run(context) {
      const session = await sessionWith(context);
      const pencil = { code: 1, name: "Pencil", price: 0.5, colors: [] };
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await session.ask(remove(1), reply({ ok: true, product: PEN }));
      await session.ask(add(pencil), reply({ ok: true, product: pencil }));
      await session.ask(add(pencil), error("DUPLICATE_CODE"));
      await session.ask(LIST, reply({ ok: true, products: [pencil] }));
      await quit(session);
    },
  },
  {
    title: text(
      "other ops are still unknown: get, delete and REMOVE get UNKNOWN_OP",
      "as outras operações continuam desconhecidas: get, delete e REMOVE recebem UNKNOWN_OP",
    ),
    async run(context) {
      const session = await sessionWith(context);
      for (const op of ["get", "delete", "REMOVE"]) await session.ask({ op, code: 1 }, error("UNKNOWN_OP"));
      await quit(session);
    },
  },
  {
    title: text(
      "the rest of v4 still holds: BAD_JSON, DUPLICATE_CODE, and TOO_LARGE for a line over 1 MiB, which closes the connection",
      "o resto da v4 continua valendo: BAD_JSON, DUPLICATE_CODE, e TOO_LARGE para uma linha de mais de 1 MiB, que fecha a conexão",
    ),
    async run(context) {
      // Bigger slices: a megabyte a few bytes at a time would take minutes.
      const session = await sessionWith(context, { slice: 65536 });
      await session.ask("this is not JSON", error("BAD_JSON"));
      await session.ask(add(PEN), reply({ ok: true, product: PEN }));
      await session.ask(add(PEN), error("DUPLICATE_CODE"));
      session.server.send(Buffer.alloc(MAX_REQUEST_LINE_BYTES + 1, "x"));
      await session.expect(`(a line of more than ${MAX_REQUEST_LINE_BYTES} bytes)`, error("TOO_LARGE"));
      await expecting(
        text(
          "the server to close the connection after TOO_LARGE",
          "que o servidor fechasse a conexão depois do TOO_LARGE",
        ),
        session.server.readToEnd(),
      );
    },
  },
  {
    title: text(
      "the client's `remove CODE` command: piped `add 1 Pen 1`, `remove 1`, `list`, `quit`, it prints `removed product 1: Pen` and exits 0",
      "o comando `remove CÓDIGO` do cliente: com `add 1 Pen 1`, `remove 1`, `list`, `quit` no stdin, ele imprime `removed product 1: Pen` e sai com 0",
    ),
    async run(context) {
      const { port, connection } = await ownServer(context);
      const program = context.startClient(["--port", String(port)], { stdin: "add 1 Pen 1\nremove 1\nlist\nquit\n" });
      const client = await connectionFrom(program, connection);
      const pen = { code: 1, name: "Pen", price: 1, colors: [] };
      await serveScript(client, program, [
        {
          command: "add 1 Pen 1",
          request: (value) => (value as { op?: unknown })?.op === "add",
          shown: json(add(pen)),
          answer: { ok: true, product: pen },
        },
        { ...REMOVED_PEN, answer: { ok: true, product: pen } },
        LIST_EMPTY,
        QUIT_OK,
      ]);
      const exit = await program.exit(
        text("the client to exit after quit", "que o cliente saísse depois do quit"),
        EXIT_GUARD_MS,
      );
      const wanted = ["added product 1: Pen", "removed product 1: Pen", "(no products)", "bye"];
      if (exit.code !== 0 || !isDeepStrictEqual(exit.stdout, wanted)) {
        fail(
          text(
            `expected the client to print\n${wanted.map((line) => `    ${line}`).join("\n")}\nand exit 0; it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
            `esperava que o cliente imprimisse\n${wanted.map((line) => `    ${line}`).join("\n")}\ne saísse com 0; ele saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "the client shows a refused remove as `error NOT_FOUND: ...` on stderr, goes on, and exits 1",
      "o cliente mostra um remove recusado como `error NOT_FOUND: ...` no stderr, continua, e sai com 1",
    ),
    async run(context) {
      const { port, connection } = await ownServer(context);
      const program = context.startClient(["--port", String(port)], { stdin: "remove 9\nlist\nquit\n" });
      const client = await connectionFrom(program, connection);
      const notFound = { ok: false, error: { code: "NOT_FOUND", message: "no product has code 9" } };
      await serveScript(client, program, [
        {
          command: "remove 9",
          request: (value) => isDeepStrictEqual(value, remove(9)),
          shown: json(remove(9)),
          answer: notFound,
        },
        LIST_EMPTY,
        QUIT_OK,
      ]);
      const exit = await program.exit(
        text("the client to exit after quit", "que o cliente saísse depois do quit"),
        EXIT_GUARD_MS,
      );
      const wanted = "error NOT_FOUND: no product has code 9";
      if (
        exit.code !== 1 ||
        !exit.stderr.includes(wanted) ||
        !isDeepStrictEqual(exit.stdout, ["(no products)", "bye"])
      ) {
        fail(
          text(
            `expected the client to print \`${wanted}\` on stderr, then \`(no products)\` and \`bye\`, and exit 1 (a request was refused); it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
            `esperava que o cliente imprimisse \`${wanted}\` no stderr, depois \`(no products)\` e \`bye\`, e saísse com 1 (uma requisição foi recusada); ele saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
          ),
        );
      }
    },
  },
];
