// The pinger's conversation, which a list of steps cannot say: the checker's own UDP echo
// server answers each ping as the check says (after a delay, twice, late, never, after
// junk), or the network weather decides; then every line the pinger printed is checked
// against what really happened to each ping. Built from the same primitives as the steps.
import type { DatagramEvent } from "@socket-lessons/weather";
import type { CheckRun } from "../../src/checker/check-run.ts";
import { type Failure, fail } from "../../src/checker/failure.ts";
import type { StudentProgram } from "../../src/checker/program.ts";
import { type Step, step } from "../../src/checker/steps.ts";
import * as words from "../../src/checker/words.ts";
import type { Text } from "../../src/i18n.ts";

/** What the checker's echo server does with one ping. */
export interface Answer {
  /** Echoes it after this many ms (well within the pinger's --timeout). Without it, and not late: never. */
  readonly after?: number;
  /** Echoes it only once the pinger has given up on it: when the next ping comes (the last: --timeout + 50 ms later). */
  readonly late?: boolean;
  /** Its echo comes a second time: when the next ping comes (the last: right away). */
  readonly twice?: boolean;
  /** First sends datagrams that are not its echo: garbage, and pings of other numbers (`ping 37` while 3 waits, `ping 2`). */
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
/** How much later than the --timeout a late echo comes, for the last ping. */
const LATE_MS = 50;
const PING = /^ping (\d+) (\d+)$/;
const seqOf = (datagram: Buffer) => Number(/^ping (\d+) /.exec(datagram.toString("latin1"))?.[1]);
/** A number as the pinger prints it: `0.42`, `12`. */
const NUMBER = "(\\d+(?:\\.\\d+)?)";

/** What a ping's line must say, and why: "answered", "timed out", or either (its echo left near the deadline). */
interface Verdict {
  readonly must: "reply" | "timeout" | "either";
  readonly why: Text;
  /** The least round-trip time it can have: the server held its echo that long. */
  readonly atLeast?: number;
}

/** The pinger's run: its pings as they came, and what the server did, in wall-clock ms (Date.now(), as TIME is). */
class Pings {
  /** When ping SEQ first reached the checker (its server, or the weather): index SEQ - 1. */
  readonly arrivals: number[] = [];
  /** The TIME each ping carries: when the pinger sent it. */
  readonly sentAt: number[] = [];
  /** When the first echo of ping SEQ left the checker's server (or the weather) towards the pinger. */
  readonly echoed = new Map<number, number>();
  /** The first thing wrong with the pings themselves (format, number). */
  problem: Failure | undefined;
  /** A ping sent before the previous one was answered or had timed out. */
  impatient: Failure | undefined;
  /** Echo timers, cleared when the check ends. */
  readonly timers = new Set<NodeJS.Timeout>();
  /** Echoes still held (a delay not yet over), by seq: a ping that comes meanwhile did not wait. */
  readonly held = new Map<number, number>();
  /** Sent when the next ping comes: late echoes, second copies. */
  readonly onNextPing: Array<() => void> = [];

  constructor(
    readonly count: number,
    readonly timeout: number,
  ) {}

  /** A datagram the pinger sent: it must be `ping SEQ TIME`, SEQ the next one, TIME Date.now(). */
  saw(datagram: Buffer): number | undefined {
    const seq = this.arrivals.length + 1;
    const text = datagram.toString("utf8");
    const match = PING.exec(text);
    const fine = match !== null && Number(match[1]) === seq && Math.abs(Number(match[2]) - Date.now()) < 10_000;
    if (!fine || seq > this.count) {
      this.problem ??= {
        expected: seq > this.count ? words.expectNoMorePings(this.count) : words.expectPing(seq),
        came: words.gotDatagram(text),
      };
      return undefined;
    }
    // An echo still held, and the pinger had not waited --timeout since the ping before: it did not wait.
    const still = [...this.held].find(([earlier]) => earlier < seq);
    const waited = Number(match[2]) - (this.sentAt.at(-1) ?? 0);
    if (still !== undefined && waited < this.timeout / 2) {
      this.impatient ??= { expected: words.expectOneAtATime(seq), came: words.cameWhileEchoPending(seq, still[1]) };
    }
    this.arrivals.push(Date.now());
    this.sentAt.push(Number(match[2]));
    return seq;
  }

  /** The first echo of ping `seq` is on its way to the pinger now. */
  echo(seq: number): void {
    if (!this.echoed.has(seq)) this.echoed.set(seq, Date.now());
  }

  /**
   * What ping SEQ's line must say, from when its echo really left: well before the pinger's
   * deadline (half its --timeout after the TIME in the ping), a reply; after it (--timeout
   * after the ping reached us, later than it was sent), a timeout; in between (the machine was
   * slow), either. `why` says what happened; `atLeast`, how long the server held the echo.
   */
  verdict(seq: number, timeout: number, why: Text, atLeast = 0): Verdict {
    const echoed = this.echoed.get(seq);
    if (echoed === undefined) return { must: "timeout", why };
    if (echoed - (this.sentAt[seq - 1] ?? 0) <= timeout / 2) return { must: "reply", why, atLeast };
    if (echoed - (this.arrivals[seq - 1] ?? 0) > timeout) return { must: "timeout", why: words.pingFate.late };
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
    if (answer.junk && pinging.junk !== undefined) {
      const time = Date.now();
      reply(pinging.junk.garbage);
      reply(Buffer.from(`ping ${seq}${pinging.junk.digit} ${time}`));
      reply(Buffer.from(`ping ${seq - 1} ${time}`));
    }
    if (answer.after !== undefined) {
      pings.held.set(seq, answer.after);
      pings.later(answer.after, () => {
        pings.held.delete(seq);
        pings.echo(seq);
        reply(datagram);
        if (answer.twice) last ? reply(datagram) : pings.onNextPing.push(() => reply(datagram));
      });
    }
    if (answer.late) {
      const echo = () => {
        pings.echo(seq);
        reply(datagram);
      };
      if (last) pings.later(pinging.timeout + LATE_MS, echo);
      else pings.onNextPing.push(echo);
    }
  });
}

/** What each ping's line must say, from how the server answered it. */
function verdictsFromAnswers(pinging: Pinging, pings: Pings): Verdict[] {
  return Array.from({ length: pings.count }, (_, index) => {
    const seq = index + 1;
    const answer = pinging.answer(seq);
    if (answer.after !== undefined)
      return pings.verdict(seq, pinging.timeout, words.pingFate.answered(answer.after), answer.after);
    const why = answer.late ? words.pingFate.late : answer.junk ? words.pingFate.junk : words.pingFate.notAnswered;
    return pings.verdict(seq, pinging.timeout, why);
  });
}

/** What each ping's line must say, from what the weather did to each ping and echo. */
function verdictsFromWeather(pinging: Pinging, pings: Pings, events: readonly Event[]): Verdict[] {
  return Array.from({ length: pings.count }, (_, index) => {
    const seq = index + 1;
    const reached = events.some((event) => event.seq === seq && event.toServer && delivered(event.fate));
    const delay = pinging.answer(seq).after ?? 0;
    const why = !reached
      ? words.pingFate.pingLost
      : pings.echoed.has(seq)
        ? words.pingFate.answered(delay)
        : words.pingFate.echoLost;
    return pings.verdict(seq, pinging.timeout, why, delay);
  });
}

interface Event {
  readonly seq: number;
  readonly toServer: boolean;
  readonly fate: DatagramEvent["fate"];
}
const delivered = (fate: DatagramEvent["fate"]) => fate !== "lost" && fate !== "held back";

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
    const events: Event[] = [];
    let port: number;
    // With --calm there is no weather: every ping is answered as `answer` says.
    const weather = run.options.calm ? undefined : pinging.weather;
    if (weather === undefined) {
      port = await directServer(run, pinging, pings);
    } else {
      // The server echoes every datagram (duplicates too) after the ping's delay; the weather decides the rest.
      const server = await run.udpServer((datagram, reply) =>
        pings.later(pinging.answer(seqOf(datagram)).after ?? 0, () => reply(datagram)),
      );
      port = await run.routeTo(server, {
        ...weather,
        udp: true,
        onDatagram: ({ direction, datagram, fate }) => {
          const toServer = direction === "client→server";
          // A datagram's first fate (lost, held back, sent) is when the weather first saw it.
          if (toServer && (fate === "lost" || fate === "held back" || fate === "sent")) pings.saw(datagram);
          events.push({ seq: seqOf(datagram), toServer, fate });
          if (!toServer && delivered(fate)) pings.echo(seqOf(datagram));
        },
      });
    }
    const args = ["--port", String(port), "--timeout", String(pinging.timeout)];
    const client = await run.startClient(
      "client",
      pinging.count === undefined ? args : [...args, "--count", String(count)],
    );
    const waitMs = count * (pinging.timeout + LATE_MS) + 5000;
    const exit = await client.waitForExit(waitMs);
    if (exit === undefined) {
      fail({ expected: words.expectExitFirst(client.who), came: words.stillRunning(waitMs), program: client.report() });
    }
    const problem =
      pings.problem ??
      (pings.arrivals.length < count
        ? { expected: words.expectPing(pings.arrivals.length + 1), came: words.exitedFirst(exit.code, exit.signal) }
        : undefined);
    if (problem !== undefined) fail({ ...problem, program: client.report() });

    const verdicts =
      weather === undefined ? verdictsFromAnswers(pinging, pings) : verdictsFromWeather(pinging, pings, events);
    const lines = expectPingLines(client, verdicts, `127.0.0.1:${port}`);
    if (pings.impatient !== undefined) fail({ ...pings.impatient, program: client.report() });
    expectSummary(client, lines.stdout, verdicts.length, lines.times.length);
    expectRtt(client, lines.stdout, lines.times, lines.printed);
    const code = lines.times.length > 0 ? 0 : 1;
    if (exit.code !== code) {
      fail({
        expected: words.expectExit(client.who, code),
        came: words.exitedWith(exit.code, exit.signal),
        program: client.report(),
      });
    }
  });

/** The pinger's lines against the verdicts: one per ping, in order; returns its stdout, and the times of its reply lines. */
function expectPingLines(client: StudentProgram, verdicts: readonly Verdict[], address: string) {
  const stdout = client.output
    .linesFrom(0)
    .filter((line) => line.stream === "stdout")
    .map((line) => line.text);
  const reply = (seq: number) =>
    new RegExp(`^reply from ${address.replace(/\./g, "\\.")}: seq=${seq} time=${NUMBER} ms$`);
  const timedOut = (seq: number) => `request timed out: seq=${seq}`;
  const pingLines = stdout.filter((line) => /^(reply from|request timed out)/.test(line));
  const times: number[] = [];
  const printed: string[] = [];
  verdicts.forEach((verdict, index) => {
    const seq = index + 1;
    const line = pingLines[index];
    const time = reply(seq).exec(line ?? "");
    const fits = (time !== null && verdict.must !== "timeout") || (line === timedOut(seq) && verdict.must !== "reply");
    if (!fits) {
      const shown = verdict.must === "timeout" ? timedOut(seq) : `reply from ${address}: seq=${seq} time=T ms`;
      fail({
        expected: words.expectPingLine(seq, shown, verdict.why),
        came: words.printedForIt(line),
        program: client.report(),
      });
    }
    if (time === null) return;
    const rtt = Number(time[1]);
    // The echo left the server `atLeast` ms after the ping came: no round trip is shorter (Date.now() counts whole ms).
    if (verdict.atLeast !== undefined && rtt < verdict.atLeast - 1) {
      fail({
        expected: words.expectRoundTrip(seq, verdict.atLeast),
        came: words.printedForIt(line),
        program: client.report(),
      });
    }
    times.push(rtt);
    printed.push(time[1] as string);
  });
  const extra = pingLines[verdicts.length];
  if (extra !== undefined) {
    fail({
      expected: words.expectOneLinePerPing(verdicts.length),
      came: words.printedMoreLines(pingLines.length, extra),
      program: client.report(),
    });
  }
  return { stdout, times, printed };
}

/** `N sent, R received, L% loss`, R the reply lines printed. */
function expectSummary(client: StudentProgram, stdout: readonly string[], sent: number, received: number): void {
  const loss = ((sent - received) * 100) / sent;
  const line = stdout.find((each) => /\bsent\b|% loss/.test(each) && !/^(reply from|request timed out)/.test(each));
  const match = new RegExp(`^(\\d+) sent, (\\d+) received, ${NUMBER}% loss$`).exec(line ?? "");
  if (
    match !== null &&
    Number(match[1]) === sent &&
    Number(match[2]) === received &&
    Math.abs(Number(match[3]) - loss) < 0.051
  )
    return;
  fail({
    expected: words.expectSummary(`${sent} sent, ${received} received, ${Number(loss.toFixed(1))}% loss`, received),
    came: words.printedLine(line),
    program: client.report(),
  });
}

/** `rtt min/avg/max = MIN/AVG/MAX ms` of the reply lines' times; no such line when none came. */
function expectRtt(
  client: StudentProgram,
  stdout: readonly string[],
  times: readonly number[],
  printed: readonly string[],
): void {
  const line = stdout.find((each) => each.startsWith("rtt"));
  if (times.length === 0) {
    if (line === undefined) return;
    fail({ expected: words.expectNoRttLine, came: words.printedLine(line), program: client.report() });
  }
  const expected = [Math.min(...times), times.reduce((sum, time) => sum + time, 0) / times.length, Math.max(...times)];
  const match = new RegExp(`^rtt min/avg/max = ${NUMBER}/${NUMBER}/${NUMBER} ms$`).exec(line ?? "");
  const shown = match?.slice(1, 4) ?? [];
  // Printed numbers are rounded: allow one unit of the coarsest one printed.
  const decimals = (number: string) => number.split(".")[1]?.length ?? 0;
  const slack = 10 ** -Math.min(...[...printed, ...shown].map(decimals)) + 1e-9;
  if (match !== null && expected.every((value, index) => Math.abs(Number(shown[index]) - value) <= slack)) return;
  const wanted = `rtt min/avg/max = ${expected.map((value) => value.toFixed(2)).join("/")} ms`;
  fail({ expected: words.expectRttLine(wanted, times), came: words.printedLine(line), program: client.report() });
}
