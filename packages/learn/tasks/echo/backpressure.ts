import { once } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { fail } from "../../src/checker/failure.ts";
import { step } from "../../src/checker/steps.ts";
import { text } from "../../src/i18n.ts";

/** What the checker sends at most before it concludes the server reads without limit. */
const LIMIT = 64 * 1024 * 1024;
/** How long our sending may stall before we conclude the server stopped reading us. */
const STALL_MS = 1000;

/**
 * A client that sends and never reads: a server that honours write() returning false stops
 * reading it once the system's buffers are full, so our writes stall; one that does not keeps
 * taking (and keeping) everything. Then we read: every byte must come back.
 * (A conversation cannot say "stall": this is the bespoke part, with the same primitives.)
 */
export const expectBackpressure = () =>
  step(async (run) => {
    // Straight to the server, no weather: this is about the server's own reading.
    const server = await run.connect("c", "direct");
    server.socket.pause(); // we read nothing until we have sent all we can
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    let stalled = false;
    while (sent < LIMIT) {
      sent += chunk.length;
      if (server.socket.write(chunk)) continue;
      const room = once(server.socket, "drain").then(() => true);
      if (!(await Promise.race([room, delay(STALL_MS, false, { ref: false })]))) {
        stalled = true;
        break;
      }
    }
    if (!stalled) {
      fail({
        expected: text(
          "the server to stop reading a client that does not read its echo",
          "que o servidor parasse de ler um cliente que não lê o eco",
        ),
        came: text(
          `it took all ${LIMIT / 1024 / 1024} MiB we sent while we read nothing, so it keeps them in memory`,
          `ele aceitou todos os ${LIMIT / 1024 / 1024} MiB enviados enquanto não líamos nada, então os guarda na memória`,
        ),
        advice: text(
          "When socket.write() returns false, pause() the socket until 'drain'.",
          "Quando socket.write() devolve false, faça pause() no socket até o 'drain'.",
        ),
      });
    }
    // Now read it all: the server resumes, and every byte sent comes back.
    server.socket.resume();
    server.end();
    await server.expectBytes(
      Buffer.alloc(sent, "X"),
      text("every byte sent, in capitals", "todos os bytes enviados, em maiúsculas"),
      10_000,
    );
    await server.expectEnd();
  });
