// --delay MS --jitter MS: when each chunk or datagram may go out.
import type { Random } from "./random.ts";

/**
 * Gives each chunk a departure time of now + delay ± a random part of jitter (never in the
 * past), and never earlier than the chunk before it: order is kept. For TCP that is the only
 * honest choice (TCP delivers bytes in order whatever the network does); for UDP it keeps
 * each flag to one effect, so that reordering comes from --reorder and nothing else.
 */
export class DelaySchedule {
  private lastDeparture = 0;

  constructor(
    private readonly delay: number,
    private readonly jitter: number,
    private readonly random: Random,
  ) {}

  /** The departure time (in performance.now() milliseconds) of a chunk that arrives at `now`. */
  departure(now: number): number {
    // One draw per chunk even without jitter, so that the stream stays the same for the same input.
    const wobble = (this.random.next() * 2 - 1) * this.jitter;
    const departure = Math.max(now + Math.max(0, this.delay + wobble), this.lastDeparture);
    this.lastDeparture = departure;
    return departure;
  }
}
