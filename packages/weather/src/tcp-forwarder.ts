// One direction of one proxied TCP connection: bytes read from `source` are written to
// `target`, exactly and in order, with the weather deciding only where the writes are cut
// and when they go out.
import { once } from "node:events";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { DelaySchedule } from "./delay-schedule.ts";
import type { Random } from "./random.ts";
import { Slicer } from "./slicer.ts";

/** What the weather does to a TCP stream. */
export interface StreamWeather {
  slice: number;
  coalesce: number;
  delay: number;
  jitter: number;
}

/**
 * The pause after each sliced write, once the kernel has taken it, so that the next write
 * arrives as a read of its own. Measured on loopback (Linux, Node 20, a 2-core machine), 200
 * one-byte writes to a Node receiver in another process, counting its 'data' events per 100
 * bytes: no pause, about 75 (33 on a bad run); setImmediate, about 45; 1 ms, 98.5; 2 to 5 ms,
 * about 99. Through this proxy with --slice 1: 99.8, and 98.8 with both cores kept busy. It is
 * never 100: when the receiver is not scheduled for a moment, two bytes wait in its socket
 * together and one read takes both. Past 2 ms, waiting longer bought nothing measurable.
 */
export const SLICE_PAUSE_MS = 2;

/**
 * Memory the proxy holds for one direction (read, not yet written) before it stops reading
 * the sender. Without a limit, a sender faster than its receiver would make the proxy's
 * memory grow without bound. With --delay, at most this much is in flight per delay, like
 * the window of a real connection: 1 MiB per 200 ms is 5 MB/s.
 */
export const HOLD_LIMIT_BYTES = 1024 * 1024;

/**
 * What each chunk held costs besides its bytes, as the hold limit counts it: its Buffer
 * object, the memory block behind it, and our record of it (about 300 to 400 bytes on Node
 * 20, measured with one-byte chunks). Counted, the limit bounds memory and not only bytes: a
 * sender writing one byte at a time would otherwise fill it with a million one-byte chunks,
 * some 400 MB. Now it holds about 2,000 of them (1 MiB), and the rest waits in the kernel.
 */
export const CHUNK_COST_BYTES = 512;

interface Chunk {
  bytes: Buffer;
  /** performance.now() time from which it may be written. */
  departure: number;
}

const now = () => performance.now();

export class TcpForwarder {
  /** Bytes read and released by --coalesce, waiting for their departure, in order. */
  private readonly queue: Chunk[] = [];
  private queuedBytes = 0;
  /** Bytes --coalesce is holding to send as one write. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private coalesceTimer: NodeJS.Timeout | undefined;
  private sourceEnded = false;
  private sourcePaused = false;
  /** Wakes the pump when a chunk is queued or the source ends. */
  private wake: (() => void) | undefined;
  private readonly slicer: Slicer | undefined;
  private readonly schedule: DelaySchedule;

  constructor(
    private readonly source: Socket,
    private readonly target: Socket,
    private readonly weather: StreamWeather,
    random: Random,
    /** Aborted when the connection is torn down: every wait of this forwarder stops. */
    private readonly signal: AbortSignal,
    /** Called with each write as it is handed to the target (for --trace). */
    private readonly onWrite: (bytes: Buffer) => void,
  ) {
    this.slicer = weather.slice > 0 ? new Slicer(weather.slice, random.fork(1)) : undefined;
    this.schedule = new DelaySchedule(weather.delay, weather.jitter, random.fork(2));
    signal.addEventListener("abort", () => clearTimeout(this.coalesceTimer), { once: true });
  }

  /** Bytes this direction holds in memory (read from the source, not yet given to the target). */
  get bufferedBytes(): number {
    return this.queuedBytes + this.heldBytes;
  }

  /** What this direction holds, as the hold limit counts it: its bytes, and a cost per chunk. */
  private get heldCost(): number {
    return this.bufferedBytes + CHUNK_COST_BYTES * (this.queue.length + this.held.length);
  }

  /** Starts reading the source; resolves when the target has been ended (or the connection torn down). */
  async run(): Promise<void> {
    this.source.on("data", (bytes: Buffer) => this.receive(bytes));
    this.source.on("end", () => {
      // FIN from the sender: whatever --coalesce holds goes now, and the FIN after it.
      this.release();
      this.sourceEnded = true;
      this.wake?.();
    });
    try {
      await this.pump();
    } catch (error) {
      // Torn down (aborted), or the target failed: its 'error' listener tears the connection down.
      if (!this.signal.aborted && !this.target.destroyed) throw error;
    }
  }

  private receive(bytes: Buffer): void {
    if (this.weather.coalesce > 0) {
      this.held.push(bytes);
      this.heldBytes += bytes.length;
      this.coalesceTimer ??= setTimeout(() => this.release(), this.weather.coalesce);
    } else {
      this.enqueue(bytes);
    }
    // Backpressure: stop reading the sender while we hold too much. Its kernel buffers fill,
    // its write() returns false, and it waits, as it would for a slow receiver without us.
    if (this.heldCost >= HOLD_LIMIT_BYTES && !this.sourcePaused) {
      this.sourcePaused = true;
      this.source.pause();
    }
  }

  /** --coalesce: what was held becomes one chunk. */
  private release(): void {
    clearTimeout(this.coalesceTimer);
    this.coalesceTimer = undefined;
    if (this.heldBytes === 0) return;
    const bytes = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.enqueue(bytes);
  }

  private enqueue(bytes: Buffer): void {
    this.queue.push({ bytes, departure: this.schedule.departure(now()) });
    this.queuedBytes += bytes.length;
    this.wake?.();
  }

  /** Writes the queued chunks one after another, each at its departure time, then the FIN. */
  private async pump(): Promise<void> {
    for (;;) {
      const first = this.queue[0];
      if (first === undefined) {
        if (this.sourceEnded) break;
        await this.nextArrival();
        continue;
      }
      const wait = first.departure - now();
      if (wait > 0) await sleep(wait, undefined, { signal: this.signal });

      if (this.slicer === undefined) {
        const bytes = this.takeDue(first.bytes.length);
        this.onWrite(bytes);
        // write() returning false means the receiver is not keeping up: wait for 'drain'
        // before the next write, so the bytes wait in our bounded queue, not in the socket's.
        if (!this.target.write(bytes)) await once(this.target, "drain", { signal: this.signal });
      } else {
        const bytes = this.takeDue(this.slicer.nextWrite(this.dueBytes()));
        this.onWrite(bytes);
        // Wait until the kernel has taken this write, then a moment more, so that the next
        // write is not merged with it in the receiver's socket buffer (see SLICE_PAUSE_MS).
        await this.written(bytes);
        await sleep(SLICE_PAUSE_MS, undefined, { signal: this.signal });
      }
      if (this.sourcePaused && this.heldCost < HOLD_LIMIT_BYTES) {
        this.sourcePaused = false;
        this.source.resume();
      }
    }
    // Every byte before the FIN has been written: now forward the FIN itself (half-close).
    this.target.end();
  }

  /** Bytes in queued chunks whose departure has come (they are a prefix of the queue: order is kept). */
  private dueBytes(): number {
    const time = now();
    let due = 0;
    for (const chunk of this.queue) {
      if (chunk.departure > time) break;
      due += chunk.bytes.length;
    }
    return due;
  }

  /** Takes `count` bytes from the front of the queue, across chunks if need be. */
  private takeDue(count: number): Buffer {
    const parts: Buffer[] = [];
    let left = count;
    while (left > 0) {
      const first = this.queue[0];
      if (first === undefined) break;
      if (first.bytes.length <= left) {
        parts.push(first.bytes);
        left -= first.bytes.length;
        this.queue.shift();
      } else {
        parts.push(first.bytes.subarray(0, left));
        first.bytes = first.bytes.subarray(left);
        left = 0;
      }
    }
    this.queuedBytes -= count - left;
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts);
  }

  private nextArrival(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(this.signal.reason);
      this.wake = () => {
        this.wake = undefined;
        this.signal.removeEventListener("abort", onAbort);
        resolve();
      };
      if (this.signal.aborted) onAbort();
      else this.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Resolves once the kernel has taken `bytes` (the write's callback; it fails if the socket is destroyed). */
  private written(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.target.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }
}
