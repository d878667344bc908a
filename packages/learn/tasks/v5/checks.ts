import { isDeepStrictEqual } from "node:util";
import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext } from "../../src/checker/context.ts";
import type { Conversation } from "../../src/checker/conversation.ts";
import { isReply, JsonLines, shown } from "../../src/checker/json-lines.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";

interface Product {
  code: number;
  name: string;
  price: number;
  colors: string[];
}

/** A product of the checks: colors given, so that the server's reply is the very same object. */
const product = (code: number, name = `Product ${code}`): Product => ({ code, name, price: 2.5, colors: ["blue"] });
const add = (item: Product) => ({ op: "add", product: item });
const added = (item: Product) => ({ event: "added", product: item });
const list = { op: "list" };

/** An event line: "event" and no "ok". */
const isEvent = (value: unknown) => typeof value === "object" && value !== null && "event" in value && !("ok" in value);

/** A client of the student's server, through this run's weather. */
async function connect(context: CheckContext, port: number): Promise<JsonLines> {
  return new JsonLines(await context.connect(await context.weatherTo(port)));
}

/**
 * Reads lines until a reply comes (a line with "ok"), keeping the events that came before
 * it: while a request is pending, another client may add a product.
 */
async function untilReply(client: JsonLines): Promise<{ events: unknown[]; reply: unknown }> {
  const events: unknown[] = [];
  for (;;) {
    const line = await client.read();
    if (isReply(line.value)) return { events, reply: line.value };
    if (!isEvent(line.value)) {
      fail(
        text(
          `expected a reply (with "ok") or an event (with "event", no "ok"); the server sent ${shown(line.value)}`,
          `esperava uma resposta (com "ok") ou um evento (com "event", sem "ok"); o servidor enviou ${shown(line.value)}`,
        ),
        client.evidence(line.from),
      );
    }
    events.push(line.value);
  }
}

/** Sends a request and reads until its reply, whatever events come first. */
async function ask(client: JsonLines, request: unknown): Promise<unknown> {
  client.send(request);
  return (await untilReply(client)).reply;
}

/** Adds `item` from `client`, and expects the success reply (events before it are skipped). */
async function expectAdded(client: JsonLines, item: Product): Promise<void> {
  const reply = await ask(client, add(item));
  if (!isDeepStrictEqual(reply, { ok: true, product: item })) {
    fail(
      text(
        `expected the reply {"ok":true,"product":${shown(item)}} to add; the server sent ${shown(reply)}`,
        `esperava a resposta {"ok":true,"product":${shown(item)}} ao add; o servidor enviou ${shown(reply)}`,
      ),
    );
  }
}

/** A client that has had a reply: the server surely counts it among the clients to tell. */
async function connectAndList(context: CheckContext, port: number): Promise<JsonLines> {
  const client = await connect(context, port);
  const reply = await ask(client, list);
  if (!isReply(reply) || reply.ok !== true) {
    fail(
      text(
        `expected a reply {"ok":true,"products":[...]} to list; the server sent ${shown(reply)}`,
        `esperava uma resposta {"ok":true,"products":[...]} ao list; o servidor enviou ${shown(reply)}`,
      ),
    );
  }
  return client;
}

/**
 * Expects `client` to have been told of `items`, in that order: it sends a list request
 * now, after the adds were answered, so the events (written when the products were added)
 * must all come before the list's reply; and no other event. Then the reply must list `listed`.
 */
async function expectEventsThenList(
  client: JsonLines,
  who: Text,
  items: readonly Product[],
  listed: readonly Product[],
): Promise<void> {
  client.send(list);
  for (const [index, item] of items.entries()) {
    const line = await client.read();
    if (isDeepStrictEqual(line.value, added(item))) continue;
    const came = !isReply(line.value)
      ? text(`it sent ${shown(line.value)}`, `veio ${shown(line.value)}`)
      : index === 0
        ? text(
            `the reply to a list we sent after the ${items.length === 1 ? "add was" : "adds were"} answered came first, and no event before it`,
            `a resposta a um list que enviamos depois ${items.length === 1 ? "da resposta ao add" : "das respostas aos adds"} veio antes, sem nenhum evento antes dela`,
          )
        : text(
            `the reply to a list we sent after the adds were answered came after only ${index} of them`,
            `a resposta a um list que enviamos depois das respostas aos adds veio depois de só ${index} deles`,
          );
    fail(
      text(
        `expected ${who.en} to get ${items.length === 1 ? "the event" : `${items.length} events, in the order of the adds; event ${index + 1} is`} ${shown(added(item))}; ${came.en}`,
        `esperava que ${who["pt-BR"]} recebesse ${items.length === 1 ? "o evento" : `${items.length} eventos, na ordem dos adds; o evento ${index + 1} é`} ${shown(added(item))}; ${came["pt-BR"]}`,
      ),
      client.evidence(line.from, added(item)),
    );
  }
  const line = await client.read();
  if (!isDeepStrictEqual(line.value, { ok: true, products: listed })) {
    fail(
      text(
        `expected the reply to list, after the events: ${shown({ ok: true, products: listed })}; the server sent ${shown(line.value)}`,
        `esperava a resposta ao list, depois dos eventos: ${shown({ ok: true, products: listed })}; o servidor enviou ${shown(line.value)}`,
      ),
      client.evidence(line.from, { ok: true, products: listed }),
    );
  }
}

// --- the slow reader ---------------------------------------------------------------------

/**
 * Products added per round (pipelined): about 300 KB of events, well under the task's limit
 * (1 MiB waiting for one client), so that a client that reads is never over it.
 */
const ROUND = 256;
/**
 * When to give up: the system's socket buffers between the server and a client that does
 * not read take a few MB (about 4 on Linux) before anything waits in the server's memory;
 * 16 MiB of events is the limit, the buffers, and much to spare.
 */
const MOST_PRODUCTS = 16 * 1024;

/** A product of about 1 KB: the longest name, and 16 colors of 50 characters. */
const bigProduct = (code: number): Product => ({
  code,
  name: `${code} `.padEnd(200, "n"),
  price: 1,
  colors: Array.from({ length: 16 }, (_, index) => `${index} `.padEnd(50, "c")),
});

/**
 * Counts and parses the JSON lines of a connection as they come, cheaply: the slow-reader
 * check moves megabytes, and reads them as they arrive rather than all at once.
 */
class LineCounter {
  readonly values: unknown[] = [];
  private partial: Buffer[] = [];
  private waiter: (() => void) | undefined;

  constructor(
    readonly conversation: Conversation,
    /** Which lines to keep: the adder keeps only its replies. */
    private readonly keep: (value: unknown) => boolean = () => true,
  ) {
    conversation.socket.on("data", (chunk: Buffer) => {
      let start = 0;
      for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
        this.partial.push(chunk.subarray(start, end));
        const line = Buffer.concat(this.partial).toString("utf8");
        this.partial = [];
        start = end + 1;
        let value: unknown = line;
        try {
          value = JSON.parse(line);
        } catch {
          // not JSON: kept as the text it is, for the failure message
        }
        if (this.keep(value)) this.values.push(value);
      }
      if (start < chunk.length) this.partial.push(chunk.subarray(start));
      this.waiter?.();
    });
    conversation.socket.on("close", () => this.waiter?.());
  }

  /**
   * True once `count` lines have come; false if the connection closes or 5 s pass with
   * nothing new. `enough` may end the wait sooner: once a reply has come, say.
   */
  waitFor(count: number, enough: () => boolean = () => false): Promise<boolean> {
    return new Promise((resolve) => {
      let timer = setTimeout(() => done(), 5000);
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(this.values.length >= count);
      };
      this.waiter = () => {
        if (this.values.length >= count || enough() || this.conversation.socket.destroyed) return done();
        clearTimeout(timer);
        timer = setTimeout(done, 5000);
      };
      this.waiter();
    });
  }
}

/** The line the task asks for once the client on `port` is dropped, on stdout or stderr. */
function droppedLine(program: StudentProgram, port: number): string | undefined {
  const pattern = new RegExp(`^client \\d+ \\(127\\.0\\.0\\.1:${port}\\) dropped: it does not read its events$`);
  return [...program.stdout, ...program.stderr].find((line) => pattern.test(line.trim()));
}

/** The same, waiting for it a little: it may be printed a moment after the connection closed. */
async function waitForDroppedLine(program: StudentProgram, port: number): Promise<string | undefined> {
  for (let waited = 0; waited < 2000; waited += 50) {
    const line = droppedLine(program, port);
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return droppedLine(program, port);
}

/**
 * After the first round, the client that watches asks for the list: the events of the
 * round must all have come before its reply (and a server that sends no events fails here,
 * at once, rather than after 16 MiB of adds).
 */
async function expectFirstRound(watching: LineCounter): Promise<void> {
  watching.conversation.send(`${JSON.stringify(list)}\n`);
  await watching.waitFor(ROUND + 1, () => watching.values.some(isReply));
  const wrong = Array.from({ length: ROUND }, (_, index) => index).find(
    (index) => !isDeepStrictEqual(watching.values[index], added(bigProduct(index + 1))),
  );
  if (wrong !== undefined || !isReply(watching.values[ROUND])) {
    const at = wrong ?? ROUND;
    fail(
      text(
        `expected a client that reads to get the ${ROUND} events of the first ${ROUND} adds, then the reply to the list it sent after them; line ${at + 1} it got is ${shown(watching.values[at] ?? "nothing", 120)}`,
        `esperava que um cliente que lê recebesse os ${ROUND} eventos dos primeiros ${ROUND} adds, e então a resposta ao list que ele enviou depois deles; a linha ${at + 1} que ele recebeu é ${shown(watching.values[at] ?? "nada", 120)}`,
      ),
    );
  }
}

async function slowReaderIsDropped(context: CheckContext): Promise<void> {
  const { program, port } = await context.startServer();
  // Straight to the server, no weather: this is about the server's own queues.
  const slow = await context.connect(port);
  slow.socket.pause(); // it reads nothing, ever (until the end of the check)
  const slowPort = slow.socket.localPort ?? 0;
  const watcher = await context.connect(port);
  const watching = new LineCounter(watcher);
  const adder = await context.connect(port);
  const replies = new LineCounter(adder, (value) => !isEvent(value));

  let sent = 0;
  while (sent < MOST_PRODUCTS && slow.ending === undefined && droppedLine(program, slowPort) === undefined) {
    const round = Array.from({ length: ROUND }, (_, index) => add(bigProduct(sent + index + 1)));
    adder.send(round.map((request) => `${JSON.stringify(request)}\n`).join(""));
    sent += ROUND;
    if (!(await replies.waitFor(sent))) {
      fail(
        text(
          `expected a reply to each of the ${sent} adds of a client that reads them; ${replies.values.length} came (the server may have dropped the wrong client: the one that adds)`,
          `esperava uma resposta para cada um dos ${sent} adds de um cliente que as lê; vieram ${replies.values.length} (o servidor talvez tenha derrubado o cliente errado: o que adiciona)`,
        ),
      );
    }
    if (sent === ROUND) await expectFirstRound(watching);
  }
  const megabytes = `${((sent * JSON.stringify(added(bigProduct(sent))).length) / 1024 / 1024).toFixed(1)} MiB`;
  // The slow reader reads now: what the system had taken comes, then the server's FIN (or a
  // reset). A connection the server kept open stays quiet after that.
  slow.socket.resume();
  const ended = await slow.readToEnd(5000).then(
    () => true,
    () => false,
  );
  if (!ended) {
    fail(
      text(
        `expected the server to drop a client that reads none of its events once more than 1 MiB of them wait for it: close its connection (end or reset). We added ${sent} products of 1 KB (${megabytes} of events for it) while it read nothing; when it read at last, the events came, and then nothing: the connection stayed open, and the server held them all in memory`,
        `esperava que o servidor derrubasse um cliente que não lê nenhum dos seus eventos, quando mais de 1 MiB deles estivesse esperando por ele: fechar a conexão (end ou reset). Adicionamos ${sent} produtos de 1 KB (${megabytes} de eventos para ele) sem que ele lesse nada; quando enfim leu, os eventos vieram, e depois nada: a conexão continuou aberta, e o servidor guardou tudo na memória`,
      ),
    );
  }
  if ((await waitForDroppedLine(program, slowPort)) === undefined) {
    fail(
      text(
        `expected the server to log \`client N (127.0.0.1:${slowPort}) dropped: it does not read its events\` when it dropped that client; it printed:\n${printedBy(program.process)}`,
        `esperava que o servidor registrasse \`client N (127.0.0.1:${slowPort}) dropped: it does not read its events\` ao derrubar aquele cliente; ele imprimiu:\n${printedBy(program.process)}`,
      ),
    );
  }
  // The others go on: one more add, its reply, and every event in order for the watcher.
  const last = bigProduct(sent + 1);
  adder.send(`${JSON.stringify(add(last))}\n`);
  if (!(await replies.waitFor(sent + 1)) || !isDeepStrictEqual(replies.values[sent], { ok: true, product: last })) {
    fail(
      text(
        `expected the client that adds to be served on after the slow one was dropped: the reply {"ok":true,"product":...} to add ${last.code}; it got ${shown(replies.values[sent] ?? "nothing")}`,
        `esperava que o cliente que adiciona continuasse sendo atendido depois que o lento caiu: a resposta {"ok":true,"product":...} ao add ${last.code}; veio ${shown(replies.values[sent] ?? "nada")}`,
      ),
    );
  }
  await watching.waitFor(sent + 2); // the events, and the reply to its list
  const events = watching.values.filter(isEvent);
  const wrong = Array.from({ length: sent + 1 }, (_, index) => index).find(
    (index) => !isDeepStrictEqual(events[index], added(bigProduct(index + 1))),
  );
  if (wrong !== undefined) {
    fail(
      text(
        `expected a client that reads its events to get all ${sent + 1}, in the order of the adds, while the slow one was dropped; event ${wrong + 1} should be the one for product ${wrong + 1}, and it got ${shown(events[wrong] ?? "nothing", 120)}`,
        `esperava que um cliente que lê os seus eventos recebesse todos os ${sent + 1}, na ordem dos adds, enquanto o lento caía; o evento ${wrong + 1} deveria ser o do produto ${wrong + 1}, e veio ${shown(events[wrong] ?? "nada", 120)}`,
      ),
    );
  }
}

// --- the client --------------------------------------------------------------------------

async function clientPrintsEvents(context: CheckContext): Promise<void> {
  const pen = { code: 1, name: "Blue pen", price: 2.5, colors: ["blue"] };
  const early = product(7, "Event before the reply");
  const between = product(8, "Event between two requests");
  const problems: string[] = [];
  // The checker's own server: an event before the reply to add, another right after it.
  const port = await context.listen(async (conversation) => {
    const client = new JsonLines(conversation);
    try {
      const first = await client.read();
      if (!isDeepStrictEqual(first.value, add(pen))) problems.push(`first request ${shown(first.value)}`);
      client.send(added(early));
      client.send({ ok: true, product: pen });
      client.send(added(between));
      const second = await client.read();
      if (!isDeepStrictEqual(second.value, list)) problems.push(`second request ${shown(second.value)}`);
      client.send({ ok: true, products: [pen, early, between] });
      const third = await client.read();
      if (!isDeepStrictEqual(third.value, { op: "quit" })) problems.push(`third request ${shown(third.value)}`);
      client.send({ ok: true });
      conversation.end();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      conversation.end();
    }
  });
  const program = context.startClient(["--port", String(await context.weatherTo(port))], {
    stdin: 'add 1 "Blue pen" 2.5 blue\nlist\nquit\n',
  });
  const exit = await program.exit(text("the client to exit after quit", "que o cliente saísse depois do quit"));
  const wanted = [
    "someone added product 7: Event before the reply",
    "added product 1: Blue pen",
    "someone added product 8: Event between two requests",
    "bye",
  ];
  // In this order, with the list's table between the last two.
  let at = 0;
  for (const line of exit.stdout) if (line.trim() === wanted[at]) at += 1;
  if (exit.code !== 0 || at < wanted.length || problems.length > 0) {
    const missing = wanted[at];
    fail(
      text(
        `expected the client, given add, list, quit, to print ${missing === undefined ? "each event and reply" : `\`${missing}\``} (events as \`someone added product CODE: NAME\`, each reply as before, in the order they came) and exit 0; it exited with code ${exit.code ?? exit.signal}${problems.length > 0 ? `, and our server saw: ${problems.join("; ")}` : ""}. It printed:\n${printedBy(exit)}`,
        `esperava que o cliente, com add, list, quit, imprimisse ${missing === undefined ? "cada evento e resposta" : `\`${missing}\``} (eventos como \`someone added product CODE: NAME\`, cada resposta como antes, na ordem em que chegaram) e saísse com 0; ele saiu com código ${exit.code ?? exit.signal}${problems.length > 0 ? `, e o nosso servidor viu: ${problems.join("; ")}` : ""}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
}

export const checks: readonly Check[] = [
  {
    title: text(
      'when a client adds a product, every other client gets the event {"event":"added","product":...}',
      'quando um cliente adiciona um produto, cada um dos outros recebe o evento {"event":"added","product":...}',
    ),
    async run(context) {
      const { port } = await context.startServer();
      const b = await connectAndList(context, port);
      const c = await connectAndList(context, port);
      const a = await connect(context, port);
      const pen = product(1, "Blue pen");
      await expectAdded(a, pen);
      await expectEventsThenList(b, text("the second client", "o segundo cliente"), [pen], [pen]);
      await expectEventsThenList(c, text("the third client", "o terceiro cliente"), [pen], [pen]);
    },
  },
  {
    title: text(
      "the client that adds a product gets only its reply, not the event",
      "o cliente que adiciona um produto recebe só a sua resposta, não o evento",
    ),
    async run(context) {
      const { port } = await context.startServer();
      await connectAndList(context, port); // someone to tell
      const a = await connect(context, port);
      const pen = product(1, "Blue pen");
      a.send(add(pen));
      await a.expect(
        { ok: true, product: pen },
        text(
          "the reply to its add, and no event (it knows what it added)",
          "a resposta ao seu add, e nenhum evento (ele sabe o que adicionou)",
        ),
      );
      a.send(list);
      await a.expect(
        { ok: true, products: [pen] },
        text(
          "the reply to its list next: no event of its own add before it",
          "a resposta ao seu list em seguida: nenhum evento do próprio add antes dela",
        ),
      );
    },
  },
  {
    title: text(
      "events come in the order the products were added, whichever client added them",
      "os eventos chegam na ordem em que os produtos foram adicionados, seja qual for o cliente",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const watcher = await connectAndList(context, port);
      const a = await connect(context, port);
      const b = await connect(context, port);
      const items = Array.from({ length: 7 }, (_, index) => product(index + 1));
      const [p1, p2, p3, p4, ...pipelined] = items as [Product, Product, Product, Product, ...Product[]];
      await expectAdded(a, p1);
      await expectAdded(b, p2);
      await expectAdded(a, p3);
      await expectAdded(b, p4);
      // Three adds in one write: the events follow them in order too.
      a.sendAll(pipelined.map(add));
      for (const _ of pipelined) await untilReply(a);
      await expectEventsThenList(
        watcher,
        text("a client that only watches", "um cliente que só observa"),
        items,
        items,
      );
    },
  },
  {
    title: text(
      "a client that sends nothing gets each event as soon as the product is added",
      "um cliente que não envia nada recebe cada evento assim que o produto é adicionado",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const idle = await connect(context, port);
      const a = await connectAndList(context, port); // by now the server has accepted the idle one too
      const pen = product(1, "Blue pen");
      const pencil = product(2, "Pencil");
      for (const item of [pen, pencil]) {
        await expectAdded(a, item);
        await idle.expect(
          added(item),
          text(
            `the event for product ${item.code}, with no request pending`,
            `o evento do produto ${item.code}, sem nenhum pedido pendente`,
          ),
        );
      }
      idle.send(list);
      await idle.expect(
        { ok: true, products: [pen, pencil] },
        text("then the reply to its first request, a list", "e então a resposta ao seu primeiro pedido, um list"),
      );
    },
  },
  {
    title: text(
      "a client that never reads is dropped once over 1 MiB of events wait for it, and the others go on",
      "um cliente que nunca lê é derrubado quando mais de 1 MiB de eventos espera por ele, e os outros seguem",
    ),
    run: slowReaderIsDropped,
  },
  {
    title: text(
      "v5's protocol still works: add, list in the order added, DUPLICATE_CODE and BAD_REQUEST, and a refused add tells no one",
      "o protocolo da v5 continua valendo: add, list na ordem dos adds, DUPLICATE_CODE e BAD_REQUEST, e um add recusado não avisa ninguém",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const b = await connectAndList(context, port);
      const a = await connect(context, port);
      const pen = product(1, "Blue pen");
      const pencil = product(2, "Pencil");
      await expectAdded(a, pen);
      a.send(add({ ...pen, name: "Another pen" }));
      await a.expectError("DUPLICATE_CODE", text("to an add of code 1 again", "a um add do código 1 de novo"));
      b.send(add(pen));
      const fromB = await untilReply(b);
      if ((fromB.reply as { error?: { code?: string } }).error?.code !== "DUPLICATE_CODE") {
        fail(
          text(
            `expected a DUPLICATE_CODE error to another client's add of code 1; the server sent ${shown(fromB.reply)}`,
            `esperava um erro DUPLICATE_CODE ao add do código 1 feito por outro cliente; o servidor enviou ${shown(fromB.reply)}`,
          ),
        );
      }
      a.send(add({ ...pencil, price: -1 }));
      await a.expectError("BAD_REQUEST", text("to an add with a price of -1", "a um add com preço -1"));
      await expectAdded(a, pencil);
      // b has had the event of the pen (before its DUPLICATE_CODE); now only the pencil's.
      await expectEventsThenList(
        b,
        text("the other client (only the adds that worked)", "o outro cliente (só os adds que deram certo)"),
        [pencil],
        [pen, pencil],
      );
      a.send(list);
      await a.expect(
        { ok: true, products: [pen, pencil] },
        text("the list, and no event for the refused adds", "a lista, e nenhum evento dos adds recusados"),
      );
    },
  },
  {
    title: text(
      "with --max-clients 2, a third client gets BUSY and is closed, and the two are still told of adds",
      "com --max-clients 2, um terceiro cliente recebe BUSY e é fechado, e os dois continuam sendo avisados dos adds",
    ),
    async run(context) {
      const { port } = await context.startServer(["--max-clients", "2"]);
      const a = await connectAndList(context, port);
      const b = await connectAndList(context, port);
      const third = await connect(context, port);
      await third.expectError("BUSY", text("to a third client", "a um terceiro cliente"));
      await third.conversation.expectEnd();
      const pen = product(1, "Blue pen");
      await expectAdded(a, pen);
      await expectEventsThenList(b, text("the second client", "o segundo cliente"), [pen], [pen]);
    },
  },
  {
    title: text(
      "quit ends only that client's session: the others are still served, and told of adds",
      "quit encerra só a sessão daquele cliente: os outros continuam sendo atendidos, e avisados dos adds",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const a = await connectAndList(context, port);
      const leaving = await connectAndList(context, port);
      const c = await connectAndList(context, port);
      leaving.send({ op: "quit" });
      await leaving.expect({ ok: true }, text("the reply to quit", "a resposta ao quit"));
      await leaving.conversation.expectEnd();
      const pen = product(1, "Blue pen");
      await expectAdded(a, pen);
      await expectEventsThenList(c, text("a client still there", "um cliente que continua lá"), [pen], [pen]);
      const late = await connect(context, port);
      late.send(list);
      await late.expect(
        { ok: true, products: [pen] },
        text("the list, to a new client", "a lista, para um cliente novo"),
      );
    },
  },
  {
    title: text(
      "the client prints `someone added product CODE: NAME` for each event, and still matches each reply to its request",
      "o cliente imprime `someone added product CODE: NAME` para cada evento, e continua casando cada resposta com o seu pedido",
    ),
    run: clientPrintsEvents,
  },
];
