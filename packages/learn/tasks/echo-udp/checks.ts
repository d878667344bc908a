import type { Check } from "../../src/checker/check.ts";
import type { Inputs } from "../../src/checker/inputs.ts";
import { text } from "../../src/i18n.ts";
import { type Answer, ping } from "./pinger.ts";

/** The --timeout the checks give: short, so that a lost ping costs little; echoes come well within it. */
const TIMEOUT = 800;
/** When every ping is answered a long --timeout costs nothing, and leaves a busy machine room. */
const PATIENT = 1500;
/** A count that makes every loss a whole percentage. */
const someCount = (input: Inputs) => input.pick([4, 5]);
/** An echo after a delay of the seed's. */
const echo = (input: Inputs, min = 5, max = 120): Answer => ({ after: input.int(min, max) });
const NEVER: Answer = {};
const LATE: Answer = { late: true };

export const checks: readonly Check[] = [
  {
    id: "every-ping-answered",
    title: text(
      "with every echo back, the client prints `reply from ADDRESS: seq=N time=T ms` for each ping, in order, then `N sent, N received, 0% loss` and the rtt line, and exits 0",
      "com todos os ecos de volta, o cliente imprime `reply from ENDEREÇO: seq=N time=T ms` para cada ping, em ordem, então `N sent, N received, 0% loss` e a linha rtt, e sai com 0",
    ),
    steps: (input) => {
      const answers = Array.from({ length: someCount(input) }, () => echo(input));
      return [ping({ count: answers.length, timeout: PATIENT, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
  },
  {
    id: "default-count",
    title: text("without --count, the client sends 10 pings", "sem --count, o cliente envia 10 pings"),
    steps: (input) => {
      const answers = Array.from({ length: 10 }, () => echo(input, 1, 20));
      return [ping({ timeout: PATIENT, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
  },
  {
    id: "some-not-answered",
    title: text(
      "a ping the server never answers gets `request timed out: seq=N` after --timeout, and counts in the loss",
      "um ping que o servidor nunca responde recebe `request timed out: seq=N` depois do --timeout, e conta na perda",
    ),
    steps: (input) => {
      const count = someCount(input);
      // Some of them, never all, never half (so that lost ≠ received): seq 1 among them on some seeds.
      const silentCount = input.pick(count === 4 ? [1, 3] : [1, 2, 3]);
      const silent = new Set(input.shuffle(Array.from({ length: count }, (_, i) => i + 1)).slice(0, silentCount));
      const answers = Array.from({ length: count }, (_, i) => (silent.has(i + 1) ? NEVER : echo(input)));
      return [ping({ count, timeout: TIMEOUT, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
    waits: true,
  },
  {
    id: "none-answered",
    title: text(
      "when no ping is answered, the client prints `N sent, 0 received, 100% loss`, no rtt line, and exits 1",
      "quando nenhum ping é respondido, o cliente imprime `N sent, 0 received, 100% loss`, nenhuma linha rtt, e sai com 1",
    ),
    steps: (input) => [ping({ count: input.int(2, 3), timeout: TIMEOUT, answer: () => NEVER })],
    waits: true,
  },
  {
    id: "duplicate-echo",
    title: text(
      "an echo that comes twice counts once, and its copy is not taken for the next ping's echo",
      "um eco que chega duas vezes conta uma vez só, e a cópia não vale pelo eco do próximo ping",
    ),
    steps: (input) => {
      // Odd pings: echoed, and again when the next ping comes; even pings: never answered.
      const answers = Array.from({ length: someCount(input) }, (_, i) =>
        i % 2 === 0 ? { ...echo(input), twice: true } : NEVER,
      );
      return [ping({ count: answers.length, timeout: TIMEOUT, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
  },
  {
    id: "late-echo",
    title: text(
      "an echo that comes after --timeout is not counted, and is not taken for the next ping's echo",
      "um eco que chega depois do --timeout não conta, e não vale pelo eco do próximo ping",
    ),
    steps: (input) => {
      // The first echo comes as ping 2 arrives (ping 2 gets none), the last one just after
      // --timeout (shorter here: a pinger that waits a second of its own takes it).
      const answers = [LATE, NEVER, ...Array.from({ length: input.int(1, 2) }, () => echo(input)), LATE];
      return [ping({ count: answers.length, timeout: 500, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
    waits: true,
  },
  {
    id: "not-an-echo",
    title: text(
      "datagrams that are not the echo of the ping awaited (garbage, `ping 37` while ping 3 waits, the previous ping's number) are ignored",
      "datagramas que não são o eco do ping esperado (lixo, `ping 37` enquanto o ping 3 espera, o número do ping anterior) são ignorados",
    ),
    steps: (input) => {
      const count = someCount(input);
      const first = input.int(0, 1);
      // Junk before every echo, and pings that get junk only: some on every seed.
      const answers = Array.from(
        { length: count },
        (_, i): Answer => ((i + first) % 2 === 0 ? { junk: true } : { ...echo(input), junk: true }),
      );
      const junk = { garbage: input.bytes(input.int(1, 12)), digit: input.int(0, 9) };
      return [ping({ count, timeout: TIMEOUT, answer: (seq) => answers[seq - 1] ?? NEVER, junk })];
    },
  },
  {
    id: "round-trip-times",
    title: text(
      "each time is the real round trip (the server holds each echo a time of the seed's), and the rtt line gives the min, average and max of the reply lines",
      "cada tempo é a ida e volta real (o servidor retém cada eco por um tempo tirado da semente), e a linha rtt dá o mínimo, a média e o máximo das linhas de resposta",
    ),
    steps: (input) => {
      // Four short delays and a long one: an average that is not (min + max) / 2.
      const answers = input.shuffle([...Array.from({ length: 4 }, () => echo(input, 40, 90)), echo(input, 200, 260)]);
      return [ping({ count: answers.length, timeout: PATIENT, answer: (seq) => answers[seq - 1] ?? NEVER })];
    },
  },
  {
    id: "network-weather",
    title: text(
      "through a network that loses, duplicates and reorders datagrams, each line says what really happened to its ping",
      "através de uma rede que perde, duplica e reordena datagramas, cada linha diz o que de fato aconteceu com o seu ping",
    ),
    steps: (input) => {
      const answers = Array.from({ length: 10 }, () => echo(input, 1, 30));
      return [
        ping({
          count: answers.length,
          timeout: TIMEOUT,
          answer: (seq) => answers[seq - 1] ?? NEVER,
          weather: { loss: 0.2, dup: 0.3, reorder: 0.3 },
        }),
      ];
    },
    waits: true,
  },
];
