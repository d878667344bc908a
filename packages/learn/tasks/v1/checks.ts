import type { Check } from "../../src/checker/check.ts";
import {
  addressOf,
  connect,
  end,
  expectEnd,
  expectExit,
  expectOpen,
  expectPrinted,
  expectReadUntilFin,
  expectRefused,
  line,
  reset,
  type Step,
  send,
} from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";

/** The server's line for connection `name`, with the address it really came from. */
const connected = (name: string) => expectPrinted("server", line`client connected from ${addressOf(name)}`);

/**
 * One client's visit: it connects (and says something, if `said`), gets the server's FIN with
 * nothing before it, and closes too.
 */
const visit = (name: string, route: "weather" | "direct" = "weather", said?: string): Step[] => [
  connect(name, route),
  ...(said === undefined ? [] : [send(name, said)]),
  expectEnd(name),
  connected(name),
  end(name),
];

/** The server has gone: it exits with code 0, and nothing answers at its port any more. */
const exitsAndRefuses = (): Step[] => [expectExit("server", 0, 5000), expectRefused()];

export const checks: readonly Check[] = [
  {
    id: "three-in-turn",
    title: text(
      "three clients, one after another: each gets the server's FIN, and the server prints where each came from (its real address and port) as it is accepted",
      "três clientes, um depois do outro: cada um recebe o FIN do servidor, e o servidor imprime de onde cada um veio (endereço e porta reais) ao aceitá-lo",
    ),
    // Straight to the server: a proxy in between would be the peer the server sees.
    // Some clients speak first: the server reads and drops whatever comes before their FIN.
    steps: (input) =>
      ["a", "b", "c"].flatMap((name) => visit(name, "direct", input.chance(0.5) ? `${input.text()}\n` : undefined)),
  },
  {
    id: "exits-after-third",
    title: text(
      "the server reads until the third client's FIN, then exits with code 0, and a fourth connection is refused",
      "o servidor lê até o FIN do terceiro cliente, então sai com código 0, e uma quarta conexão é recusada",
    ),
    steps: (input) => [
      ...visit("a", "direct"),
      ...visit("b", "direct"),
      connect("c", "direct"),
      expectEnd("c"),
      // The third client still talks after the server's FIN: the server reads it, and stays.
      expectReadUntilFin("c", `${input.text()}\n`),
      end("c"),
      ...exitsAndRefuses(),
    ],
  },
  {
    id: "reset-counts",
    title: text(
      "a client that resets its connection (RST) instead of closing it still counts as one of the three, and the server goes on",
      "um cliente que reseta a conexão (RST) em vez de fechá-la conta como um dos três, e o servidor continua",
    ),
    steps: (input) => {
      // Which of the three resets: the first, the second, or the last one.
      const rude = input.int(0, 2);
      return [
        ...["a", "b", "c"].flatMap((name, which) =>
          which === rude
            ? // Straight to the server: a proxy would turn our reset into a close of its own.
              [connect(name, "direct"), expectEnd(name), connected(name), reset(name)]
            : visit(name),
        ),
        ...exitsAndRefuses(),
      ];
    },
  },
  {
    id: "waits-its-turn",
    title: text(
      "clients that connect while the first is still being served wait their turn, and are served next, in the order they came",
      "clientes que conectam enquanto o primeiro ainda está sendo atendido esperam a sua vez, e são atendidos em seguida, na ordem em que chegaram",
    ),
    steps: () => [
      // Straight to the server: the order in which the connections reach it matters here.
      connect("a", "direct"),
      expectEnd("a"),
      connected("a"),
      // The first has the server's FIN but has not closed: the server is still busy with it.
      connect("b", "direct"),
      connect("c", "direct"),
      expectOpen("b", 300),
      end("a"),
      expectEnd("b"),
      connected("b"),
      expectOpen("c", 100),
      end("b"),
      expectEnd("c"),
      connected("c"),
      end("c"),
      ...exitsAndRefuses(),
    ],
  },
];
