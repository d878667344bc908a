// The pinger's conversation, which a list of steps cannot say: the checker's own UDP echo
// server answers each ping as the check says (after a delay, twice, late, never, after
// junk), or the network weather decides; then every line the pinger printed is checked
// against what really happened to each ping. Built from the same primitives as the steps.
import type { DatagramEvent } from "@socket-lessons/weather";
import type { CheckRun } from "../../src/checker/check-run.ts";
import { type Failure, fail } from "../../src/checker/failure.ts";
import { type Step, step } from "../../src/checker/steps.ts";
import * as words from "../../src/checker/words.ts";
import type { Text } from "../../src/i18n.ts";

/** What the checker's echo server does with one ping. */
export interface Answer {
  /** Echoes it after this many ms (well within the pinger's --timeout). Without it, and not late: never. */
  readonly after?: number;
  /** Echoes it once the pinger has given up on it: when the next ping comes (the last: just after --timeout). */
  readonly late?: boolean;
  /** Its echo comes a second time: when the next ping comes (the last: right away). */
  readonly twice?: boolean;
  /** First sends datagrams that are not its echo: garbage, `ping 37` while 3 waits, `ping 2`. */
  readonly junk?: boolean;
}

export interface Pinging {
  /** The --count given; undefined: none given, the default (10) expected. */
  readonly count?: number;
  /** The --timeout given, in ms. */
  readonly timeout: number;
  /** What the server does with ping SEQ (1 to count). */
  readonly answer: (seq: number) => Answer;
  /** Through UDP weather that loses, duplicates and reorders datagrams (then `answer` gives delays only). */
  readonly weather?: { readonly loss: number; readonly dup: number; readonly reorder: number };
  /** Junk of the seed's: a few bytes that are no ping, and a digit for `ping 37`. */
  readonly junk?: { readonly garbage: Buffer; readonly digit: number };
}

const DEFAULT_COUNT = 10;
/** How much later than the --timeout the last ping's late echo comes. */
const LATE_MS = 50;
const seqOf = (datagram: Buffer) => Number(/^ping (\d+) /.exec(datagram.toString("latin1"))?.[1]);
/** A number as the pinger prints it: `0.42`, `12`. */
const NUMBER = "(\\d+(?:\\.\\d+)?)";
const delivered = (fate: DatagramEvent["fate"]) => fate !== "lost" && fate !== "held back";

/** What a ping's line must say ("either": its echo left near the deadline), why, and its least round trip. */
interface Verdict {
  readonly must: "reply" | "timeout" | "either";
  readonly why: Text;
  readonly atLeast?: number;
}

/** The pings as they came and their echoes as they left, in Date.now() ms (as the pings' TIME is). */
class Pings {
  readonly arrivals: number[] = [];
  /** The TIME each ping carries: when the pinger sent it. */
  readonly sentAt: number[] = [];
  /** When the first echo of ping SEQ left towards the pinger. */
  readonly echoed = new Map<number, number>();
  /** Pings that reached the server (through the weather). */
  readonly reached = new Set<number>();
  /** What is wrong with the pings themselves (format, number); a ping sent without waiting. */
  problem: Failure | undefined;
  impatient: Failure | undefined;
  /** Resolves at the first problem: no need to wait for the pinger to finish. */
  private found: () => void = () => {};
  readonly wrong = new Promise<undefined>((resolve) => {
    this.found = () => resolve(undefined);
  });
  /** Echoes held for a delay, by seq; echoes sent when the next ping comes (late ones, second copies). */
  readonly held = new Map<number, number>();
  readonly onNextPing: Array<() => void> = [];
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly count: number,
    readonly timeout: number,
  ) {}

  /** A datagram from the pinger: `ping SEQ TIME`, SEQ the next one, TIME Date.now(); undefined if not. */
  saw(datagram: Buffer): number | undefined {
    const seq = this.arrivals.length + 1;
    const match = /^ping (\d+) (\d+)$/.exec(datagram.toString("utf8"));
    const time = Number(match?.[2]);
    if (Number(match?.[1]) !== seq || !(Math.abs(time - Date.now()) < 10_000) || seq > this.count) {
      const expected = seq > this.count ? words.expectNoMorePings(this.count) : words.expectPing(seq);
      this.problem ??= { expected, came: words.gotDatagram(datagram.toString("utf8")) };
      this.found();
      return undefined;
    }
    // An echo still held, and not --timeout since the ping before: the pinger did not wait.
    const still = [...this.held].find(([earlier]) => earlier < seq);
    if (still !== undefined && time - (this.sentAt.at(-1) ?? 0) < this.timeout / 2) {
      this.impatient ??= { expected: words.expectOneAtATime(seq), came: words.cameWhileEchoPending(seq, still[1]) };
    }
    this.arrivals.push(Date.now());
    this.sentAt.push(time);
    return seq;
  }

  /** The first echo of ping `seq` is on its way to the pinger now. */
  echo(seq: number): void {
    if (!this.echoed.has(seq)) this.echoed.set(seq, Date.now());
  }

  /**
   * What ping SEQ's line must say, from when its echo really left: well before the pinger's
   * deadline (half its --timeout after the ping's TIME), a reply; after it (--timeout after
   * the ping reached us), a timeout; in between (the machine was slow), either.
   */
  verdict(seq: number, why: Text, atLeast = 0): Verdict {
    const echoed = this.echoed.get(seq);
    if (echoed === undefined) return { must: "timeout", why };
    if (echoed - (this.sentAt[seq - 1] ?? 0) <= this.timeout / 2) return { must: "reply", why, atLeast };
    if (echoed - (this.arrivals[seq - 1] ?? 0) > this.timeout) return { must: "timeout", why: words.pingFate.late };
    return { must: "either", why, atLeast };
  }

  later(ms: number, send: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, ms);
    this.timers.add(timer);
  }
}

/** The checker's echo server, answering as `pinging.answer` says; resolves with its port. */
function directServer(run: CheckRun, pinging: Pinging, pings: Pings): Promise<number> {
  return run.udpServer((datagram, reply) => {
    const seq = pings.saw(datagram);
    for (const send of pings.onNextPing.splice(0)) send();
    if (seq === undefined) return;
    const answer = pinging.answer(seq);
    const last = seq === pings.count;
    const echo = () => {
      pings.echo(seq);
      reply(datagram);
    };
    if (answer.junk && pinging.junk !== undefined) {
      reply(pinging.junk.garbage);
      reply(Buffer.from(`ping ${seq}${pinging.junk.digit} ${Date.now()}`));
      reply(Buffer.from(`ping ${seq - 1} ${Date.now()}`));
    }
    if (answer.after !== undefined) {
      pings.held.set(seq, answer.after);
      pings.later(answer.after, () => {
        pings.held.delete(seq);
        echo();
        if (answer.twice) last ? reply(datagram) : pings.onNextPing.push(() => reply(datagram));
      });
    }
    if (answer.late) last ? pings.later(pinging.timeout + LATE_MS, echo) : pings.onNextPing.push(echo);
  });
}

/** The checker's echo server behind UDP weather, told the fate of every datagram; resolves with the weather's port. */
async function serverInWeather(run: CheckRun, pinging: Pinging, pings: Pings, weather: Pinging["weather"]) {
  // It echoes every datagram that reaches it (duplicates too) after the ping's delay.
  const server = await run.udpServer((datagram, reply) =>
    pings.later(pinging.answer(seqOf(datagram)).after ?? 0, () => reply(datagram)),
  );
  return run.routeTo(server, {
    ...weather,
    udp: true,
    onDatagram: ({ direction, datagram, fate }) => {
      const seq = seqOf(datagram);
      if (direction === "server→client") return delivered(fate) ? pings.echo(seq) : undefined;
      // A datagram's first fate (lost, held back, sent) is when the weather first saw it.
      if (fate === "lost" || fate === "held back" || fate === "sent") pings.saw(datagram);
      if (delivered(fate)) pings.reached.add(seq);
    },
  });
}

/** Why ping SEQ's line must say what it says, from how the server answered it, or what the weather did. */
function verdictFor(seq: number, pinging: Pinging, pings: Pings, weather: boolean): Verdict {
  const { after, late, junk } = pinging.answer(seq);
  if (weather && !pings.reached.has(seq)) return pings.verdict(seq, words.pingFate.pingLost);
  if (weather && !pings.echoed.has(seq)) return pings.verdict(seq, words.pingFate.echoLost);
  if (after !== undefined) return pings.verdict(seq, words.pingFate.answered(after), after);
  return pings.verdict(seq, late ? words.pingFate.late : junk ? words.pingFate.junk : words.pingFate.notAnswered);
}

/**
 * Runs the student's pinger against the checker's echo server (through UDP weather, if
 * asked) and checks what it did: its pings, a line for each ping saying what really
 * happened, the summary, the rtt line, and its exit code.
 */
export const ping = (pinging: Pinging): Step =>
  step(async (run) => {
    const count = pinging.count ?? DEFAULT_COUNT;
    const pings = new Pings(count, pinging.timeout);
    run.defer(() => {
      for (const timer of pings.timers) clearTimeout(timer);
    });
    // With --calm there is no weather: every ping is answered as `answer` says.
    const weather = run.options.calm ? undefined : pinging.weather;
    const port =
      weather === undefined
        ? await directServer(run, pinging, pings)
        : await serverInWeather(run, pinging, pings, weather);
    const args = ["--port", String(port), "--timeout", String(pinging.timeout)];
    const client = await run.startClient(
      "client",
      pinging.count === undefined ? args : [...args, "--count", String(count)],
    );
    const failing: Failing = (expected, came) => fail({ expected, came, program: client.report() });
    const waitMs = count * (pinging.timeout + LATE_MS) + 5000;
    const exit = await Promise.race([client.waitForExit(waitMs), pings.wrong]);
    if (pings.problem !== undefined) failing(pings.problem.expected, pings.problem.came);
    if (exit === undefined) failing(words.expectExitFirst(client.who), words.stillRunning(waitMs));
    if (pings.arrivals.length < count)
      failing(words.expectPing(pings.arrivals.length + 1), words.exitedFirst(exit.code, exit.signal));

    const stdout = client.output
      .linesFrom(0)
      .filter((line) => line.stream === "stdout")
      .map((line) => line.text);
    const verdicts = Array.from({ length: count }, (_, i) => verdictFor(i + 1, pinging, pings, weather !== undefined));
    const times = expectPingLines(stdout, verdicts, `127.0.0.1:${port}`, failing);
    if (pings.impatient !== undefined) failing(pings.impatient.expected, pings.impatient.came);
    expectSummary(stdout, count, times.length, failing);
    expectRtt(stdout, times, failing);
    const code = times.length > 0 ? 0 : 1;
    if (exit.code !== code) failing(words.expectExit(client.who, code), words.exitedWith(exit.code, exit.signal));
  });

type Failing = (expected: Text, came: Text) => never;
const PING_LINE = /^(reply from|request timed out)/;

/** One line per ping, in order, as its verdict says; returns the times of the reply lines, as printed. */
function expectPingLines(
  stdout: readonly string[],
  verdicts: readonly Verdict[],
  address: string,
  failing: Failing,
): string[] {
  const lines = stdout.filter((line) => PING_LINE.test(line));
  const times = verdicts.flatMap((verdict, index) => {
    const seq = index + 1;
    const line = lines[index];
    const timedOut = `request timed out: seq=${seq}`;
    const time = new RegExp(`^reply from ${address.replace(/\./g, "\\.")}: seq=${seq} time=${NUMBER} ms$`).exec(
      line ?? "",
    )?.[1];
    if (!((time !== undefined && verdict.must !== "timeout") || (line === timedOut && verdict.must !== "reply"))) {
      const shown = verdict.must === "timeout" ? timedOut : `reply from ${address}: seq=${seq} time=T ms`;
      failing(words.expectPingLine(seq, shown, verdict.why), words.printedForIt(line));
    }
    // The echo left `atLeast` ms after the ping came: no round trip is shorter (Date.now() counts whole ms).
    if (time !== undefined && Number(time) < (verdict.atLeast ?? 0) - 1) {
      failing(words.expectRoundTrip(seq, verdict.atLeast ?? 0), words.printedForIt(line));
    }
    return time === undefined ? [] : [time];
  });
  const extra = lines[verdicts.length];
  if (extra !== undefined)
    failing(words.expectOneLinePerPing(verdicts.length), words.printedMoreLines(lines.length, extra));
  return times;
}

/** `N sent, R received, L% loss`, R the reply lines printed. */
function expectSummary(stdout: readonly string[], sent: number, received: number, failing: Failing): void {
  const loss = ((sent - received) * 100) / sent;
  const line = stdout.find((each) => /\bsent\b|% loss/.test(each) && !PING_LINE.test(each));
  const match = new RegExp(`^(\\d+) sent, (\\d+) received, ${NUMBER}% loss$`).exec(line ?? "");
  const right =
    Number(match?.[1]) === sent && Number(match?.[2]) === received && Math.abs(Number(match?.[3]) - loss) < 0.051;
  if (!right)
    failing(
      words.expectSummary(`${sent} sent, ${received} received, ${Number(loss.toFixed(1))}% loss`, received),
      words.printedLine(line),
    );
}

/** `rtt min/avg/max = MIN/AVG/MAX ms` of the reply lines' times (as printed); no such line when none came. */
function expectRtt(stdout: readonly string[], printed: readonly string[], failing: Failing): void {
  const line = stdout.find((each) => each.startsWith("rtt"));
  if (printed.length === 0) {
    if (line !== undefined) failing(words.expectNoRttLine, words.printedLine(line));
    return;
  }
  const times = printed.map(Number);
  const expected = [Math.min(...times), times.reduce((sum, time) => sum + time, 0) / times.length, Math.max(...times)];
  const shown = new RegExp(`^rtt min/avg/max = ${NUMBER}/${NUMBER}/${NUMBER} ms$`).exec(line ?? "")?.slice(1, 4) ?? [];
  // Printed numbers are rounded: allow one unit of the coarsest one printed.
  const slack = 10 ** -Math.min(...[...printed, ...shown].map((number) => number.split(".")[1]?.length ?? 0)) + 1e-9;
  if (shown.length === 3 && expected.every((value, index) => Math.abs(Number(shown[index]) - value) <= slack)) return;
  const wanted = `rtt min/avg/max = ${expected.map((value) => value.toFixed(2)).join("/")} ms`;
  failing(words.expectRttLine(wanted, times), words.printedLine(line));
}
