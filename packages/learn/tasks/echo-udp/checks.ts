import { type Check, fail } from "../../src/checker/check.ts";
import type { CheckContext, WeatherProfile } from "../../src/checker/context.ts";
import { printedBy } from "../../src/checker/student-program.ts";
import { text } from "../../src/i18n.ts";

const REPLY = /^reply from \S+: seq=(\d+) time=(\d+(?:\.\d+)?) ms$/;
const TIMED_OUT = /^request timed out: seq=(\d+)$/;
const SUMMARY = /^(\d+) sent, (\d+) received, (-?\d+(?:\.\d+)?)% loss$/;
const RTT = /^rtt min\/avg\/max = (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?) ms$/;

/** The seq a ping (or its echo) carries: `ping SEQ TIME`. */
const seqOf = (datagram: Buffer) => Number(/^ping (\d+)/.exec(datagram.toString("utf8"))?.[1]);

/** Runs the student's pinger against `port` and returns what it printed on stdout. */
async function runPinger(context: CheckContext, port: number, count: number, timeout: number): Promise<string[]> {
  const program = context.startClient(["--port", String(port), "--count", String(count), "--timeout", String(timeout)]);
  const exit = await program.exit(
    text(`the pinger to finish after its ${count} pings`, `que o pinger terminasse depois dos seus ${count} pings`),
    count * timeout + 15_000,
  );
  if (exit.code === 2) {
    fail(
      text(
        `expected the client to take --count N and --timeout MS; it refused them (exit 2):\n${printedBy(exit)}`,
        `esperava que o cliente aceitasse --count N e --timeout MS; ele os recusou (código 2):\n${printedBy(exit)}`,
      ),
    );
  }
  return exit.stdout;
}

/**
 * Checks the pinger's report against what really happened: one line per ping, in order
 * (answered or timed out), then the summary with the right counts.
 */
function expectReport(stdout: readonly string[], answered: readonly boolean[]): void {
  const pingLines = stdout.filter((line) => REPLY.test(line) || TIMED_OUT.test(line));
  answered.forEach((wasAnswered, index) => {
    const seq = index + 1;
    const line = pingLines[index];
    const wanted = wasAnswered ? `reply from 127.0.0.1:PORT: seq=${seq} time=T ms` : `request timed out: seq=${seq}`;
    const matches = wasAnswered ? REPLY.exec(line ?? "") : TIMED_OUT.exec(line ?? "");
    if (matches === null || Number(matches[1]) !== seq) {
      const why = wasAnswered
        ? text("its echo came back", "o eco dele voltou")
        : text(
            "the network lost the ping or its echo, or the echo came too late",
            "a rede perdeu o ping ou o eco, ou o eco chegou tarde demais",
          );
      fail(
        text(
          `expected the line \`${wanted}\` for ping ${seq} (${why.en}); the pinger printed ${line === undefined ? "no line for it" : JSON.stringify(line)}`,
          `esperava a linha \`${wanted}\` para o ping ${seq} (${why["pt-BR"]}); o pinger imprimiu ${line === undefined ? "nenhuma linha para ele" : JSON.stringify(line)}`,
        ),
      );
    }
  });
  if (pingLines.length > answered.length) {
    fail(
      text(
        `expected ${answered.length} lines, one per ping; the pinger printed ${pingLines.length} (a duplicate or late echo counted as a ping of its own?)`,
        `esperava ${answered.length} linhas, uma por ping; o pinger imprimiu ${pingLines.length} (um eco duplicado ou atrasado contado como outro ping?)`,
      ),
    );
  }
  const received = answered.filter(Boolean).length;
  const loss = Number((((answered.length - received) * 100) / answered.length).toFixed(1));
  const summary = stdout.find((line) => SUMMARY.test(line));
  const wanted = `${answered.length} sent, ${received} received, ${loss}% loss`;
  const got = SUMMARY.exec(summary ?? "");
  if (
    got === null ||
    Number(got[1]) !== answered.length ||
    Number(got[2]) !== received ||
    Math.abs(Number(got[3]) - loss) > 0.05
  ) {
    fail(
      text(
        `expected the summary \`${wanted}\`; the pinger printed ${summary === undefined ? "no summary" : JSON.stringify(summary)}`,
        `esperava o resumo \`${wanted}\`; o pinger imprimiu ${summary === undefined ? "nenhum resumo" : JSON.stringify(summary)}`,
      ),
    );
  }
}

/** The pings that reached the server must be `ping SEQ TIME`, numbered from 1. */
function expectPings(received: readonly Buffer[], count: number): void {
  const strange = received.find((datagram) => !/^ping \d+ \d+$/.test(datagram.toString("utf8")));
  if (received.length === 0 || strange !== undefined) {
    const shown = strange === undefined ? "nothing" : JSON.stringify(strange.toString("utf8"));
    fail(
      text(
        `expected ${count} pings, each a datagram \`ping SEQ TIME\` (SEQ from 1, TIME from Date.now()); the server got ${shown}`,
        `esperava ${count} pings, cada um um datagrama \`ping SEQ TIME\` (SEQ a partir de 1, TIME de Date.now()); o servidor recebeu ${shown}`,
      ),
    );
  }
}

/** Runs the pinger through UDP weather, and works out from the weather which pings were answered. */
async function pingThroughWeather(context: CheckContext, profile: WeatherProfile, count: number): Promise<void> {
  const sent: Buffer[] = [];
  const server = await context.udpServer((datagram, reply) => {
    sent.push(datagram);
    reply(datagram);
  });
  const reached = { toServer: new Set<number>(), toClient: new Set<number>() };
  const proxy = await context.weatherTo(server, {
    ...profile,
    udp: true,
    onDatagram: ({ direction, datagram, fate }) => {
      if (fate === "lost" || fate === "held back") return;
      (direction === "client→server" ? reached.toServer : reached.toClient).add(seqOf(datagram));
    },
  });
  const stdout = await runPinger(context, proxy, count, 400);
  expectPings(sent, count);
  // With --calm there is no weather: every ping is answered.
  const calm = proxy === server;
  const answered = Array.from(
    { length: count },
    (_, i) => calm || (reached.toServer.has(i + 1) && reached.toClient.has(i + 1)),
  );
  expectReport(stdout, answered);
}

export const checks: readonly Check[] = [
  {
    title: text(
      "with no loss, every ping is answered: a line each, in order, then `10 sent, 10 received, 0% loss`",
      "sem perdas, todo ping é respondido: uma linha para cada, em ordem, e então `10 sent, 10 received, 0% loss`",
    ),
    run: (context) => pingThroughWeather(context, {}, 10),
  },
  {
    title: text(
      "the round-trip times add up: the rtt line gives the min, average and max of the reply lines",
      "os tempos batem: a linha rtt dá o mínimo, a média e o máximo das linhas de resposta",
    ),
    async run(context) {
      const stdout = await runPinger(context, await context.udpServer(), 5, 1000);
      const times = stdout.flatMap((line) => {
        const match = REPLY.exec(line);
        return match ? [Number(match[2])] : [];
      });
      const rtt = RTT.exec(stdout.find((line) => RTT.test(line)) ?? "");
      if (times.length !== 5 || rtt === null) {
        fail(
          text(
            `expected 5 reply lines and a line \`rtt min/avg/max = MIN/AVG/MAX ms\`; the pinger printed:\n${stdout.join("\n")}`,
            `esperava 5 linhas de resposta e uma linha \`rtt min/avg/max = MIN/AVG/MAX ms\`; o pinger imprimiu:\n${stdout.join("\n")}`,
          ),
        );
      }
      const [min, avg, max] = [Number(rtt[1]), Number(rtt[2]), Number(rtt[3])];
      const expected = [Math.min(...times), times.reduce((a, b) => a + b, 0) / times.length, Math.max(...times)];
      // The times are printed rounded: allow for that, nothing more.
      if (
        Math.abs(min - (expected[0] ?? 0)) > 0.011 ||
        Math.abs(avg - (expected[1] ?? 0)) > 0.011 ||
        Math.abs(max - (expected[2] ?? 0)) > 0.011
      ) {
        fail(
          text(
            `expected rtt min/avg/max = ${expected.map((time) => time.toFixed(2)).join("/")} ms from the reply lines (${times.join(", ")}); the pinger printed ${rtt[0]}`,
            `esperava rtt min/avg/max = ${expected.map((time) => time.toFixed(2)).join("/")} ms pelas linhas de resposta (${times.join(", ")}); o pinger imprimiu ${rtt[0]}`,
          ),
        );
      }
    },
  },
  {
    title: text(
      "under loss (the weather drops a quarter of the datagrams), each ping is reported answered or timed out, and the loss figure is right",
      "com perdas (o clima descarta um quarto dos datagramas), cada ping aparece como respondido ou expirado, e a porcentagem de perda está certa",
    ),
    run: (context) => pingThroughWeather(context, { loss: 0.25 }, 16),
  },
  {
    title: text(
      "through a network that sends every datagram twice, 5 pings are still 5 received, 0% loss",
      "através de uma rede que envia cada datagrama duas vezes, 5 pings continuam 5 recebidos, 0% de perda",
    ),
    run: (context) => pingThroughWeather(context, { dup: 1 }, 5),
  },
  {
    title: text(
      "a duplicated echo is counted once: each echo comes twice, 50 ms apart, and the last ping gets none: 4 of 5 received",
      "um eco duplicado conta uma vez só: cada eco vem duas vezes, com 50 ms entre elas, e o último ping não recebe nenhum: 4 de 5 recebidos",
    ),
    async run(context) {
      const server = await context.udpServer((datagram, reply) => {
        if (seqOf(datagram) === 5) return; // the last ping is never answered...
        reply(datagram);
        // ...but the duplicate of the 4th echo comes while the pinger waits for the 5th.
        setTimeout(() => reply(datagram), 50);
      });
      expectReport(await runPinger(context, server, 5, 500), [true, true, true, true, false]);
    },
  },
  {
    title: text(
      "a late echo is not taken for the next ping's: ping 2's echo comes after its timeout, just before ping 3's; ping 4 gets none",
      "um eco atrasado não vale pelo do próximo ping: o eco do ping 2 chega depois do tempo dele, logo antes do eco do ping 3; o ping 4 não recebe nenhum",
    ),
    async run(context) {
      let late: (() => void) | undefined;
      const server = await context.udpServer((datagram, reply) => {
        const seq = seqOf(datagram);
        if (seq === 2) {
          late = () => reply(datagram); // held until ping 3 comes: then it is too late
          return;
        }
        if (seq === 3) {
          late?.();
          setTimeout(() => reply(datagram), 50);
          return;
        }
        // Ping 4 is never answered: a pinger that took echo 2 for ping 3's would take 3's for 4's.
        if (seq === 1) reply(datagram);
      });
      expectReport(await runPinger(context, server, 4, 300), [true, false, true, false]);
    },
  },
  {
    title: text(
      "a datagram that is not an echo of a ping (garbage, or another ping's number) is ignored",
      "um datagrama que não é eco de um ping (lixo, ou o número de outro ping) é ignorado",
    ),
    async run(context) {
      const server = await context.udpServer((datagram, reply) => {
        reply(Buffer.from("garbage \u0000\u00ff"));
        reply(Buffer.from(`ping ${seqOf(datagram) + 7} 0`));
        reply(datagram);
      });
      expectReport(await runPinger(context, server, 3, 1000), [true, true, true]);
    },
  },
];
