// What the weather does to the datagrams going one way, for one client: drop some, send
// some twice, hold some back behind the next one, delay them. Datagrams are never split or
// merged: UDP delivers a datagram whole or not at all.
import { DelaySchedule } from "./delay-schedule.ts";
import type { Random } from "./random.ts";

export interface DatagramWeatherSettings {
  loss: number;
  dup: number;
  reorder: number;
  delay: number;
  jitter: number;
}

/**
 * How long a datagram held back by --reorder waits for a next one to overtake it. A real
 * network delivers a late packet late, not never: if nothing comes, it is sent anyway.
 */
export const REORDER_HOLD_MS = 100;

/** What happens to each datagram, for --trace. */
export type DatagramFate = "lost" | "held back" | "sent" | "sent again (duplicate)" | "sent late (reordered)";

interface Departure {
  datagram: Buffer;
  fate: DatagramFate;
  /** performance.now() time at which it may be sent. */
  at: number;
}

export class DatagramWeather {
  private readonly loss: Random;
  private readonly dup: Random;
  private readonly reorder: Random;
  private readonly schedule: DelaySchedule;
  /** The datagram --reorder is holding back, if any (one at a time). */
  private held: { datagram: Buffer; copies: number; timer: NodeJS.Timeout } | undefined;
  /** Datagrams waiting for their departure time, in the order they will leave. */
  private readonly departures: Departure[] = [];
  private departureTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: DatagramWeatherSettings,
    random: Random,
    /** Sends one datagram on its way (or only reports it, when it is lost). */
    private readonly deliver: (datagram: Buffer, fate: DatagramFate) => void,
  ) {
    // A stream per kind of decision, each drawn once for every datagram: the datagrams that
    // are lost are the same ones whatever --dup or --reorder say.
    this.loss = random.fork(1);
    this.dup = random.fork(2);
    this.reorder = random.fork(3);
    this.schedule = new DelaySchedule(settings.delay, settings.jitter, random.fork(4));
  }

  /** A datagram arrives at the proxy, going this way. */
  submit(datagram: Buffer): void {
    const lost = this.loss.chance(this.settings.loss);
    const copies = this.dup.chance(this.settings.dup) ? 2 : 1;
    const holdBack = this.reorder.chance(this.settings.reorder);
    if (lost) {
      this.deliver(datagram, "lost");
      return;
    }
    if (holdBack && this.held === undefined) {
      this.deliver(datagram, "held back");
      this.held = { datagram, copies, timer: setTimeout(() => this.releaseHeld(), REORDER_HOLD_MS) };
      return;
    }
    this.depart(datagram, copies, "sent");
    // The held datagram leaves right behind the one that overtook it.
    this.releaseHeld();
  }

  /** Forgets every datagram still waiting and stops every timer (the client went away). */
  stop(): void {
    if (this.held !== undefined) clearTimeout(this.held.timer);
    this.held = undefined;
    clearTimeout(this.departureTimer);
    this.departures.length = 0;
  }

  private releaseHeld(): void {
    const held = this.held;
    if (held === undefined) return;
    clearTimeout(held.timer);
    this.held = undefined;
    this.depart(held.datagram, held.copies, "sent late (reordered)");
  }

  private depart(datagram: Buffer, copies: number, fate: DatagramFate): void {
    const at = this.schedule.departure(performance.now());
    this.departures.push({ datagram, fate, at });
    if (copies === 2) this.departures.push({ datagram, fate: "sent again (duplicate)", at });
    this.sendDue();
  }

  /**
   * Sends, in order, every datagram whose time has come, and sets one timer for the next.
   * One queue and one timer, not a timer per datagram: two timers due in the same
   * millisecond are not promised to fire in the order they were set.
   */
  private sendDue(): void {
    clearTimeout(this.departureTimer);
    this.departureTimer = undefined;
    const now = performance.now();
    while (this.departures[0] !== undefined && this.departures[0].at <= now) {
      const { datagram, fate } = this.departures[0];
      this.departures.shift();
      this.deliver(datagram, fate);
    }
    const next = this.departures[0];
    if (next !== undefined) this.departureTimer = setTimeout(() => this.sendDue(), Math.max(1, next.at - now));
  }
}
