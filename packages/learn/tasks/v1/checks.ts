import { once } from "node:events";
import net from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { Exit } from "@socket-lessons/testing";
import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext } from "../../src/checker/context.ts";
import { Conversation } from "../../src/checker/conversation.ts";
import { evidenceAt } from "../../src/checker/evidence.ts";
import { printedBy, type StudentProgram } from "../../src/checker/student-program.ts";
import { type Text, text } from "../../src/i18n.ts";

/** How long the server may take to do what comes next (a FIN, a line, its exit): a guard, not a measure. */
const GUARD_MS = 5000;

const ORDINALS = text("first second third fourth", "primeiro segundo terceiro quarto");
/** "second", "segundo": the client's place in the line. */
const nth = (which: number): Text =>
  text(ORDINALS.en.split(" ")[which - 1] ?? "", ORDINALS["pt-BR"].split(" ")[which - 1] ?? "");

/** The student's server, started on a free port; `exit` is its exit once it has happened. */
interface Server {
  readonly program: StudentProgram;
  readonly port: number;
  exit(): Exit | undefined;
}

async function startServer(context: CheckContext): Promise<Server> {
  const { program, port } = await context.startServer();
  let exit: Exit | undefined;
  program.process.exited.then((value) => {
    exit = value;
  });
  return { program, port, exit: () => exit };
}

/**
 * Connects to `port` (the server's, or the weather's in front of it) as the `which`-th client.
 * `allowHalfOpen`: when the server's FIN comes, our side stays open until we close it
 * ourselves (later, or with a reset instead); otherwise our FIN answers theirs at once.
 */
async function connectAs(
  context: CheckContext,
  server: Server,
  port: number,
  which: number,
  allowHalfOpen = false,
): Promise<Conversation> {
  const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen });
  context.defer(() => socket.destroy());
  socket.on("error", () => {});
  try {
    await once(socket, "connect");
  } catch {
    const state = await serverState(server);
    fail(
      text(
        `expected the server to accept the ${nth(which).en} client (it serves three, one after another); the connection was refused. ${state.en}`,
        `esperava que o servidor aceitasse o ${nth(which)["pt-BR"]} cliente (ele atende três, um depois do outro); a conexão foi recusada. ${state["pt-BR"]}`,
      ),
    );
  }
  return new Conversation(socket, text("the server", "o servidor"));
}

/** What the server has done so far, for a failure message: exited (how) or still running, and what it printed. */
async function serverState(server: Server): Promise<Text> {
  // A server on its way out takes a moment to be seen gone.
  await Promise.race([server.program.process.exited, delay(1000, undefined, { ref: false })]);
  const exit = server.exit();
  const printed = printedBy(exit ?? server.program.process);
  return exit === undefined
    ? text(
        `The server is still running. It printed:\n${printed}`,
        `O servidor continua rodando. Ele imprimiu:\n${printed}`,
      )
    : text(
        `The server had exited, with code ${exit.code ?? exit.signal}. It printed:\n${printed}`,
        `O servidor tinha saído, com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printed}`,
      );
}

/** How the server's side of a connection ends: its FIN, a reset, or not at all (within the guard). */
function endingOf(client: Conversation): Promise<"fin" | "reset" | "silent"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("silent"), GUARD_MS);
    const settle = (how: "fin" | "reset") => {
      clearTimeout(timer);
      resolve(how);
    };
    if (client.ending !== undefined) return settle(client.ending === "end" ? "fin" : "reset");
    client.socket.once("end", () => settle("fin"));
    client.socket.once("error", () => settle("reset"));
    client.socket.once("close", (hadError: boolean) => settle(hadError ? "reset" : "fin"));
  });
}

/**
 * Waits for the server's FIN, with nothing sent before it; fails if the connection is reset
 * instead, or stays open. `unanswered` explains a FIN that never comes, when there is more to say.
 */
async function expectFin(server: Server, client: Conversation, which: number, unanswered?: Text): Promise<void> {
  const ending = await endingOf(client);
  const { en, "pt-BR": pt } = nth(which);
  if (ending === "silent") {
    const seen = server.program.stdout.filter((line) => line.startsWith("client connected from ")).length;
    const lost =
      seen < which
        ? text(
            `: the server has printed no line for it, so it never took this connection. A connection that arrives while nothing listens for \`connection\` (the server still awaiting the previous client's close) is lost`,
            `: o servidor não imprimiu nenhuma linha para ele, então nunca pegou essa conexão. Uma conexão que chega enquanto nada escuta \`connection\` (o servidor ainda esperando o close do cliente anterior) se perde`,
          )
        : text("", "");
    const why =
      unanswered ??
      text(
        `expected the server to close the ${en} client's connection (its FIN) once it had printed where it came from; nothing came for ${GUARD_MS / 1000} s and the connection stayed open${lost.en}`,
        `esperava que o servidor fechasse a conexão do ${pt} cliente (o FIN dele) depois de imprimir de onde ele veio; nada chegou por ${GUARD_MS / 1000} s e a conexão continuou aberta${lost["pt-BR"]}`,
      );
    const state = await serverState(server);
    fail(text(`${why.en}. ${state.en}`, `${why["pt-BR"]}. ${state["pt-BR"]}`));
  }
  if (ending === "reset") {
    const state = await serverState(server);
    fail(
      text(
        `expected the server to close the ${en} client's connection with a FIN (end()); it was reset (RST) instead. ${state.en}`,
        `esperava que o servidor fechasse a conexão do ${pt} cliente com um FIN (end()); em vez disso ela foi resetada (RST). ${state["pt-BR"]}`,
      ),
    );
  }
  if (client.received.length > 0) {
    fail(
      text(
        `expected the server to send nothing to the ${en} client, only close the connection; it sent ${client.received.length} bytes`,
        `esperava que o servidor não enviasse nada ao ${pt} cliente, só fechasse a conexão; ele enviou ${client.received.length} bytes`,
      ),
      evidenceAt(text("bytes from the server", "bytes do servidor"), client.received, 0),
    );
  }
}

/** One client's visit: connect, the server's FIN, our FIN. Resolves with the port we came from. */
async function visit(context: CheckContext, server: Server, port: number, which: number): Promise<number> {
  const client = await connectAs(context, server, port, which);
  const ourPort = client.socket.localPort ?? 0;
  await expectFin(server, client, which);
  // Our FIN has gone by itself in answer to theirs (allowHalfOpen is off); wait until the
  // connection is closed on our side too, so that the next client comes after this one.
  if (!client.socket.closed) await once(client.socket, "close");
  return ourPort;
}

/** The line the server prints for a client that came from `port` on 127.0.0.1. */
const connectedLine = (port: number) => `client connected from 127.0.0.1:${port}`;

/** Waits for the server to print `line` (with a client's real port in it). */
async function expectPrinted(server: Server, line: string, which: number): Promise<void> {
  await server.program.waitForLine(
    new RegExp(`^${line.replaceAll(".", "\\.")}$`),
    text(
      `the line \`${line}\` for the ${nth(which).en} client (its real address and port)`,
      `a linha \`${line}\` para o ${nth(which)["pt-BR"]} cliente (o endereço e a porta reais dele)`,
    ),
    GUARD_MS,
  );
}

/** Waits for the server to exit, and expects code 0 after `clients` clients. */
async function expectExitZero(server: Server, after: Text): Promise<Exit> {
  const exit = await server.program.exit(
    text(`the server to exit ${after.en}`, `que o servidor saísse ${after["pt-BR"]}`),
    GUARD_MS,
  );
  if (exit.code !== 0) {
    fail(
      text(
        `expected the server to exit with code 0 ${after.en}; it exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
        `esperava que o servidor saísse com código 0 ${after["pt-BR"]}; ele saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
  return exit;
}

/** Expects exactly `count` lines `client connected from ...` in what the server printed. */
function expectConnectedCount(exit: Exit, count: number): void {
  const lines = exit.stdout.filter((line) => /^client connected from \S+:\d+$/.test(line));
  if (lines.length !== count) {
    fail(
      text(
        `expected ${count} lines \`client connected from ADDR:PORT\`, one per client; ${lines.length} came. It printed:\n${printedBy(exit)}`,
        `esperava ${count} linhas \`client connected from ENDEREÇO:PORTA\`, uma por cliente; vieram ${lines.length}. Ele imprimiu:\n${printedBy(exit)}`,
      ),
    );
  }
}

const AFTER_THIRD = text("once the third client has gone", "depois que o terceiro cliente saiu");

export const checks: readonly Check[] = [
  {
    title: text(
      "the server prints `listening on 127.0.0.1:PORT` first, and waits for clients",
      "o servidor imprime `listening on 127.0.0.1:PORTA` primeiro, e espera os clientes",
    ),
    async run(context) {
      const server = await startServer(context);
      const [line] = server.program.stdout;
      if (line !== `listening on 127.0.0.1:${server.port}`) {
        fail(
          text(
            `expected the first line \`listening on 127.0.0.1:PORT\` (with the real port); it printed ${JSON.stringify(line)}`,
            `esperava a primeira linha \`listening on 127.0.0.1:PORTA\` (com a porta real); veio ${JSON.stringify(line)}`,
          ),
        );
      }
      // Still there: a client can connect, and gets the server's FIN.
      await visit(context, server, server.port, 1);
    },
  },
  {
    title: text(
      "three clients, one after another: each gets the server's FIN, and the server prints each one's real address and port",
      "três clientes, um depois do outro: cada um recebe o FIN do servidor, e o servidor imprime o endereço e a porta reais de cada um",
    ),
    async run(context) {
      const server = await startServer(context);
      // Straight to the server, no weather: a proxy in between would be the peer the server sees.
      for (const which of [1, 2, 3]) {
        const ourPort = await visit(context, server, server.port, which);
        await expectPrinted(server, connectedLine(ourPort), which);
      }
    },
  },
  {
    title: text(
      "the server does not exit early: after the first client and after the second, it accepts the next",
      "o servidor não sai antes da hora: depois do primeiro cliente e depois do segundo, ele aceita o próximo",
    ),
    async run(context) {
      const server = await startServer(context);
      const port = await context.weatherTo(server.port);
      for (const which of [1, 2, 3]) await visit(context, server, port, which);
    },
  },
  {
    title: text(
      "the server exits with code 0 once the third client has gone, and a fourth connection is then refused",
      "o servidor sai com código 0 depois que o terceiro cliente saiu, e uma quarta conexão é então recusada",
    ),
    async run(context) {
      const server = await startServer(context);
      const port = await context.weatherTo(server.port);
      for (const which of [1, 2, 3]) await visit(context, server, port, which);
      expectConnectedCount(await expectExitZero(server, AFTER_THIRD), 3);
      // Straight to its port: the server has gone, so nothing may answer there any more.
      const fourth = net.connect(server.port, "127.0.0.1");
      context.defer(() => fourth.destroy());
      const outcome = await new Promise<string>((resolve) => {
        fourth.once("connect", () => resolve("accepted"));
        fourth.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      if (outcome !== "ECONNREFUSED") {
        fail(
          text(
            `expected a fourth connection to be refused, since the server has exited; it was ${outcome === "accepted" ? "accepted" : `not refused but failed with ${outcome}`}`,
            `esperava que uma quarta conexão fosse recusada, já que o servidor saiu; ela foi ${outcome === "accepted" ? "aceita" : `não recusada, mas falhou com ${outcome}`}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "a client that resets its connection (RST) instead of closing it still counts, and the server goes on",
      "um cliente que reseta a conexão (RST) em vez de fechá-la conta do mesmo jeito, e o servidor continua",
    ),
    async run(context) {
      const server = await startServer(context);
      const port = await context.weatherTo(server.port);
      await visit(context, server, port, 1);
      // Straight to the server for this one: the proxy would turn our reset into its own close.
      const rude = await connectAs(context, server, server.port, 2, true);
      await expectFin(server, rude, 2);
      rude.reset();
      try {
        await visit(context, server, port, 3);
        expectConnectedCount(await expectExitZero(server, AFTER_THIRD), 3);
      } catch (error) {
        // The likeliest cause: the reset took the whole server down with it. Say so.
        await serverState(server);
        const exit = server.exit();
        if (exit === undefined || exit.code === 0) throw error;
        fail(
          text(
            `expected the server to go on after the second client reset its connection (RST): a reset ends that one client, not the server; the server exited with code ${exit.code ?? exit.signal}. It printed:\n${printedBy(exit)}`,
            `esperava que o servidor continuasse depois que o segundo cliente resetou a conexão (RST): um reset encerra só aquele cliente, não o servidor; o servidor saiu com código ${exit.code ?? exit.signal}. Ele imprimiu:\n${printedBy(exit)}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "a client that connects while the one before is still being served waits its turn, and is served next",
      "um cliente que conecta enquanto o anterior ainda está sendo atendido espera a sua vez, e é atendido em seguida",
    ),
    async run(context) {
      const server = await startServer(context);
      // Straight to the server, no weather: the order in which the connections reach it matters here.
      const first = await connectAs(context, server, server.port, 1, true);
      const firstPort = first.socket.localPort ?? 0;
      await expectFin(server, first, 1);
      // The first client has the server's FIN but has not closed yet: the server is still busy with it.
      const second = await connectAs(context, server, server.port, 2);
      const secondPort = second.socket.localPort ?? 0;
      first.end(); // now the first one goes, and the second should be served
      await expectFin(
        server,
        second,
        2,
        text(
          `expected the second client, which connected while the first was still open, to be served once the first had gone (the server's FIN); nothing came for ${GUARD_MS / 1000} s. Node announces each connection with a \`connection\` event as soon as it arrives: when nothing listens for it at that moment (the server was still awaiting the first client's close), it is lost`,
          `esperava que o segundo cliente, que conectou enquanto o primeiro ainda estava aberto, fosse atendido depois que o primeiro saiu (o FIN do servidor); nada chegou por ${GUARD_MS / 1000} s. O Node anuncia cada conexão com um evento \`connection\` assim que ela chega: se nada está escutando nessa hora (o servidor ainda esperava o close do primeiro cliente), ela se perde`,
        ),
      );
      await expectPrinted(server, connectedLine(firstPort), 1);
      await expectPrinted(server, connectedLine(secondPort), 2);
    },
  },
];
