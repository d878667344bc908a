import { once } from "node:events";
import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext } from "../../src/checker/context.ts";
import { evidenceAt, firstDifference } from "../../src/checker/evidence.ts";
import { text } from "../../src/i18n.ts";

/** What the task's server sends back: a-z in capitals, every other byte as it was. */
const capitals = (bytes: Buffer) =>
  Buffer.from(bytes.map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte)));

/** Sends `message` through the weather, half-closes, and checks that the capitals come back, then a FIN. */
async function expectEcho(context: CheckContext, port: number, message: Buffer): Promise<void> {
  const server = await context.connect(await context.weatherTo(port));
  server.end(message);
  const echo = await server.readToEnd();
  const expected = capitals(message);
  const differs = firstDifference(echo, expected);
  if (differs < expected.length || echo.length !== expected.length) {
    fail(
      echo.length < expected.length && differs === echo.length
        ? text(
            `expected ${expected.length} bytes back, in capitals, then the server's FIN; the server closed after ${echo.length}`,
            `esperava ${expected.length} bytes de volta, em maiúsculas, e depois o FIN do servidor; ele fechou depois de ${echo.length}`,
          )
        : text(
            `expected the ${expected.length} bytes back in capitals (only a-z changed); byte ${differs + 1} differs`,
            `esperava os ${expected.length} bytes de volta em maiúsculas (só a-z mudam); o byte ${differs + 1} é diferente`,
          ),
      evidenceAt(text("bytes from the server", "bytes do servidor"), echo, differs, { bytes: expected, from: 0 }),
    );
  }
}

export const checks: readonly Check[] = [
  {
    title: text(
      "a message comes back in capitals, then the server closes its side",
      "uma mensagem volta em maiúsculas, e o servidor fecha o seu lado",
    ),
    async run(context) {
      const { port } = await context.startServer();
      await expectEcho(context, port, Buffer.from("Hello, world! olá, ünïcödé 123\n"));
    },
  },
  {
    title: text(
      "only the letters a-z change: every other byte of the 256 comes back as it was",
      "só as letras a-z mudam: todos os outros dos 256 bytes voltam como eram",
    ),
    async run(context) {
      const { port } = await context.startServer();
      await expectEcho(context, port, Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)));
    },
  },
  {
    title: text(
      "after the client's FIN, the server still sends everything it has left (200 KB), then its FIN",
      "depois do FIN do cliente, o servidor ainda envia tudo o que falta (200 KB), e então o seu FIN",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const message = Buffer.from(Array.from({ length: 200_000 }, (_, i) => 0x61 + (i % 26)));
      // Bigger slices here: a byte at a time, 200 KB would take minutes.
      const server = await context.connect(await context.weatherTo(port, { slice: 4096, coalesce: 2 }));
      server.end(message);
      const echo = await server.readToEnd();
      if (!echo.equals(capitals(message))) {
        const differs = firstDifference(echo, capitals(message));
        fail(
          text(
            `expected all 200000 bytes back after our FIN, then the server's; ${echo.length} came, the first difference at byte ${differs + 1}`,
            `esperava todos os 200000 bytes de volta depois do nosso FIN, e então o do servidor; vieram ${echo.length}, a primeira diferença no byte ${differs + 1}`,
          ),
          evidenceAt(text("bytes from the server", "bytes do servidor"), echo, differs, {
            bytes: capitals(message),
            from: 0,
          }),
        );
      }
    },
  },
  {
    title: text(
      "a client that sends without reading is not buffered without limit: the server stops reading it (write() returned false)",
      "um cliente que envia sem ler não é guardado sem limite: o servidor para de lê-lo (write() devolveu false)",
    ),
    async run(context) {
      const { port } = await context.startServer();
      // Straight to the server, no weather: this is about the server's own reading.
      const server = await context.connect(port);
      server.socket.pause(); // we read nothing until we have sent all we can
      const LIMIT = 64 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, "x");
      let sent = 0;
      let stalled = false;
      while (sent < LIMIT) {
        sent += chunk.length;
        if (server.socket.write(chunk)) continue;
        // The system's buffers are full on our side: wait for room, or for the server to stop taking more.
        const room = once(server.socket, "drain").then(() => true);
        const quiet = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref());
        if (!(await Promise.race([room, quiet]))) {
          stalled = true;
          break;
        }
      }
      if (!stalled) {
        fail(
          text(
            `expected the server to stop reading a client that does not read its echo; it took all ${LIMIT / 1024 / 1024} MB we sent while we read nothing, so it keeps them in memory. When socket.write() returns false, pause() the socket until 'drain'`,
            `esperava que o servidor parasse de ler um cliente que não lê o eco; ele aceitou todos os ${LIMIT / 1024 / 1024} MB enviados enquanto não líamos nada, então os guarda na memória. Quando socket.write() devolve false, faça pause() no socket até o 'drain'`,
          ),
        );
      }
      // Now read it all: the server resumes, and every byte sent comes back in capitals.
      server.socket.resume();
      server.end();
      const echo = await server.readToEnd();
      if (echo.length !== sent) {
        fail(
          text(
            `expected the ${sent} bytes sent to come back once we read; ${echo.length} came`,
            `esperava que os ${sent} bytes enviados voltassem quando lêssemos; vieram ${echo.length}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "when a client leaves, the server prints `client ADDRESS:PORT sent N bytes`",
      "quando um cliente sai, o servidor imprime `client ENDEREÇO:PORTA sent N bytes`",
    ),
    async run(context) {
      const { program, port } = await context.startServer();
      await expectEcho(context, port, Buffer.alloc(123, "a"));
      await program.waitForLine(
        /^client 127\.0\.0\.1:\d+ sent 123 bytes$/,
        text(
          "the line `client 127.0.0.1:PORT sent 123 bytes` once the client had gone",
          "a linha `client 127.0.0.1:PORTA sent 123 bytes` depois que o cliente saiu",
        ),
        5000,
      );
    },
  },
  {
    title: text(
      "two clients at once: each gets its own echo, and its own count",
      "dois clientes ao mesmo tempo: cada um recebe o seu eco, e a sua conta",
    ),
    async run(context) {
      const { program, port } = await context.startServer();
      await Promise.all([
        expectEcho(context, port, Buffer.alloc(100, "b")),
        expectEcho(context, port, Buffer.alloc(200, "c")),
      ]);
      for (const count of [100, 200]) {
        await program.waitForLine(
          new RegExp(`^client 127\\.0\\.0\\.1:\\d+ sent ${count} bytes$`),
          text(
            `the line \`client 127.0.0.1:PORT sent ${count} bytes\``,
            `a linha \`client 127.0.0.1:PORTA sent ${count} bytes\``,
          ),
          5000,
        );
      }
    },
  },
  {
    title: text(
      "a client that resets its connection mid-message disturbs nobody: the next one is served",
      "um cliente que reseta a conexão no meio da mensagem não atrapalha ninguém: o próximo é atendido",
    ),
    async run(context) {
      const { port } = await context.startServer();
      const rude = await context.connect(port);
      rude.send("half a mess");
      rude.reset();
      await expectEcho(context, port, Buffer.from("still there?"));
    },
  },
];
