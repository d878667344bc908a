import type { Check } from "../../src/checker/check.ts";
import type { Product } from "../../src/checker/inputs.ts";
import {
  accept,
  anything,
  ask,
  connect,
  end,
  error,
  expectClosed,
  expectEnd,
  expectExit,
  expectJson,
  expectNotPrinted,
  expectPrinted,
  expectReply,
  line,
  listen,
  portOf,
  sendJson,
  sendRequests,
  startServer,
  startTypingClient,
  typeIn,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";
import { slowReaderDropped } from "./slow-reader.ts";

const add = (product: unknown) => ({ op: "add", product });
const LIST = { op: "list" };
const QUIT = { op: "quit" };
const OK = { ok: true };
const added = (product: Product) => ({ ok: true, product });
const listed = (...products: Product[]) => ({ ok: true, products });
/** The event line the others get: no "ok" key, the product as the reply to add gives it. */
const event = (product: Product) => ({ event: "added", product });

/**
 * A client that has had a reply to a list: the server counts it among the clients to tell.
 * Through this run's weather (a client whose events are the point), or straight (the others:
 * fewer bytes cut one at a time, so that a check stays short on a busy machine).
 */
const listens = (name: string, route: "weather" | "direct" = "weather", ...products: Product[]) => [
  connect(name, route),
  ...ask(name, LIST, listed(...products)),
];
/** Events to `name`, in this order, then the reply to a quit it sends after them (no other event), and the FIN. */
const told = (name: string, ...events: Product[]) => [
  sendRequests(name, QUIT),
  ...events.map((product) => expectJson(name, event(product))),
  expectReply(name, OK),
  expectEnd(name),
];
/** A line the server must never print: Node's error for a write after our FIN. */
const writeAfterEnd = line`${anything()}write after end${anything()}`;

/**
 * A generous wait for a line the client prints, and for a reply (the client's --timeout): what
 * it prints comes through the weather, in pieces, and a busy machine slows that.
 */
const THROUGH_WEATHER = { timeoutMs: 10_000 };

/** How a person types a product at the client: `add CODE "NAME" PRICE COLOR,COLOR`. */
const typed = (product: Product) =>
  `add ${product.code} "${product.name}" ${product.price}${product.colors.length > 0 ? ` ${product.colors.join(",")}` : ""}\n`;

export const checks: readonly Check[] = [
  {
    id: "others-told-not-adder",
    title: text(
      'when a client adds a product, every other client gets the event {"event":"added","product":...}, the product as add\'s reply gives it; the adder gets only its reply',
      'quando um cliente adiciona um produto, cada um dos outros recebe o evento {"event":"added","product":...}, o produto como a resposta ao add o dá; quem adicionou recebe só a sua resposta',
    ),
    steps: (input) => {
      const [drawn, second] = input.products(2) as [Product, Product];
      // The first without colors: the event, like the reply, has "colors": [].
      const first = { ...drawn, colors: [] };
      const { colors: _none, ...withoutColors } = first;
      return [
        ...listens("b"),
        ...listens("c", "direct"),
        connect("a", "direct"),
        ...ask("a", add(withoutColors), added(first)),
        ...ask("a", add(second), added(second)),
        // The adder's next line is the reply to its list: no event of its own adds before it.
        ...ask("a", LIST, listed(first, second)),
        ...told("b", first, second),
        ...told("c", first, second),
      ];
    },
  },
  {
    id: "events-in-order",
    title: text(
      "events come in the order the products were added, whichever client added them (pipelined adds too)",
      "os eventos chegam na ordem em que os produtos foram adicionados, seja qual for o cliente (adds enviados juntos também)",
    ),
    steps: (input) => {
      const products = input.products(input.int(4, 5));
      const one = products.slice(0, -2);
      const pipelined = products.slice(-2);
      // Two adders, taking turns as the seed says: each hears of the other's adds.
      const turn = (product: Product) => {
        const [adder, other] = input.shuffle(["a", "b"]) as [string, string];
        return [...ask(adder, add(product), added(product)), expectJson(other, event(product))];
      };
      return [
        ...listens("watcher"),
        ...listens("a", "direct"),
        ...listens("b", "direct"),
        ...one.flatMap(turn),
        // The last two in one write: their events follow in order too.
        sendRequests("a", ...pipelined.map(add)),
        ...pipelined.map((product) => expectReply("a", added(product))),
        ...pipelined.map((product) => expectJson("b", event(product))),
        ...told("watcher", ...products),
      ];
    },
  },
  {
    id: "idle-told-at-once",
    title: text(
      "a client that never sent a request gets each event as the product is added",
      "um cliente que nunca enviou uma requisição recebe cada evento quando o produto é adicionado",
    ),
    steps: (input) => {
      const [first, second] = input.products(2) as [Product, Product];
      return [
        // Straight to the server: it accepts the idle one before the adder.
        connect("idle", "direct"),
        ...listens("a", "direct"),
        ...ask("a", add(first), added(first)),
        expectJson("idle", event(first)),
        ...ask("a", add(second), added(second)),
        expectJson("idle", event(second)),
        ...ask("idle", LIST, listed(first, second)),
      ];
    },
  },
  {
    id: "refused-add-tells-no-one",
    title: text(
      "a refused add (DUPLICATE_CODE, BAD_REQUEST) tells no one; list has the products in the order added",
      "um add recusado (DUPLICATE_CODE, BAD_REQUEST) não avisa ninguém; o list traz os produtos na ordem dos adds",
    ),
    steps: (input) => {
      const [first, second] = input.products(2) as [Product, Product];
      return [
        ...listens("b"),
        connect("a", "direct"),
        ...ask("a", add(first), added(first)),
        ...ask("a", add({ ...second, code: first.code }), error("DUPLICATE_CODE")),
        ...ask("a", add({ ...second, price: -1 }), error("BAD_REQUEST", "price")),
        // b heard of the first one before its own add of that code is refused.
        sendRequests("b", add(first)),
        expectJson("b", event(first)),
        expectReply("b", error("DUPLICATE_CODE")),
        ...ask("a", add(second), added(second)),
        ...told("b", second),
        ...ask("a", LIST, listed(first, second)),
      ];
    },
  },
  {
    id: "quit-not-told",
    title: text(
      "a client that said quit gets no more events (nothing is written after the server's FIN); the others still do",
      "um cliente que disse quit não recebe mais eventos (nada é escrito depois do FIN do servidor); os outros continuam recebendo",
    ),
    steps: (input) => {
      const product = input.product();
      return [
        ...listens("leaving", "direct"),
        ...listens("c"),
        connect("a", "direct"),
        ...ask("leaving", QUIT, OK),
        // We keep our side open: the server has ended its own, and must write nothing more.
        // The add comes at once, while the server still waits for our FIN (a second, in v5).
        ...ask("a", add(product), added(product)),
        expectEnd("leaving"),
        ...told("c", product),
        expectNotPrinted("server", writeAfterEnd, 300, { stream: "either" }),
        ...listens("late", "direct", product),
      ];
    },
  },
  {
    id: "busy-not-told",
    title: text(
      "with --max-clients 2, a third client gets BUSY and no events; the two are still told of adds",
      "com --max-clients 2, um terceiro cliente recebe BUSY e nenhum evento; os dois continuam sendo avisados dos adds",
    ),
    steps: (input) => {
      const product = input.product();
      return [
        startServer("--max-clients", 2),
        ...listens("a", "direct"),
        ...listens("b"),
        connect("third", "direct"),
        expectReply("third", error("BUSY")),
        expectEnd("third"),
        ...ask("a", add(product), added(product)),
        ...told("b", product),
        expectNotPrinted("server", writeAfterEnd, 300, { stream: "either" }),
        ...ask("a", LIST, listed(product)),
      ];
    },
  },
  {
    id: "idle-timeout",
    title: text(
      "with --idle-timeout 1, a client that sends nothing is closed after about a second",
      "com --idle-timeout 1, um cliente que não envia nada é fechado depois de cerca de um segundo",
    ),
    steps: () => [startServer("--idle-timeout", 1), connect("idle", "direct"), expectClosed("idle")],
    waits: true,
  },
  {
    id: "slow-reader-dropped",
    title: text(
      "a client that never reads is dropped once over 1 MiB of events wait for it (not much sooner, not much later); the others go on",
      "um cliente que nunca lê é derrubado quando mais de 1 MiB de eventos espera por ele (nem muito antes, nem muito depois); os outros seguem",
    ),
    steps: (input) => [slowReaderDropped(input)],
    alone: true,
  },
  {
    id: "client-events-as-they-come",
    title: text(
      "the client prints `someone added product CODE: NAME` as each event comes: while it waits for the next command, before a reply, and after one",
      "o cliente imprime `someone added product CÓDIGO: NOME` quando cada evento chega: enquanto espera o próximo comando, antes de uma resposta, e depois dela",
    ),
    steps: (input) => {
      const [idle, product, before, after] = input.products(4) as [Product, Product, Product, Product];
      const someone = (other: Product) => line`someone added product ${other.code}: ${other.name}`;
      return [
        // Lines cut in slices of up to 64 bytes: each event comes in pieces, a few at most.
        listen("srv", { slice: 64 }),
        // Stdin stays open: the client has typed `list` and waits for the next command.
        startTypingClient("client", ["--port", portOf("srv"), "--timeout", THROUGH_WEATHER.timeoutMs], "list\n"),
        accept("srv", "c"),
        expectJson("c", LIST),
        sendJson("c", listed()),
        expectPrinted("client", line`(no products)`, THROUGH_WEATHER),
        // No command pending: the event must show now, not once the next command is typed.
        sendJson("c", event(idle)),
        expectPrinted("client", someone(idle), THROUGH_WEATHER),
        typeIn("client", typed(product)),
        expectJson("c", add(product)),
        sendJson("c", event(before), added(product), event(after)),
        expectPrinted("client", someone(before), THROUGH_WEATHER),
        expectPrinted("client", line`added product ${product.code}: ${product.name}`, THROUGH_WEATHER),
        expectPrinted("client", someone(after), THROUGH_WEATHER),
        typeIn("client", "quit\n"),
        expectJson("c", QUIT),
        sendJson("c", OK),
        end("c"),
        expectPrinted("client", line`bye`),
        expectExit("client", 0),
      ];
    },
  },
];
