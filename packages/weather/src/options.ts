// What the weather can do, and which combinations make sense. The command line and the
// course's checkers both come through here, so a checker cannot ask for what the command
// line refuses (loss on TCP, say).
import { UsageError } from "@socket-lessons/cli";
import type { DatagramFate } from "./datagram-weather.ts";
import type { Direction } from "./direction.ts";
import { MAX_SEED } from "./random.ts";

/** Where the real server is. */
export interface Endpoint {
  host: string;
  port: number;
}

export interface WeatherOptions {
  /** The real server: every client of the proxy is forwarded there. */
  to: Endpoint;
  /** Where the proxy listens (default 127.0.0.1, port 0: a free port). */
  host?: string;
  port?: number;
  /** Forward UDP datagrams instead of a TCP stream. */
  udp?: boolean;
  /** TCP: write at most this many bytes at a time, with a pause between writes (0: off). */
  slice?: number;
  /** TCP: hold bytes for up to this many ms, then send them in one write (0: off). */
  coalesce?: number;
  /** Delay every chunk or datagram by this many ms... */
  delay?: number;
  /** ...plus or minus a random part of this many ms. */
  jitter?: number;
  /** UDP: probability (0..1) that a datagram is dropped. */
  loss?: number;
  /** UDP: probability that a datagram is sent twice. */
  dup?: number;
  /** UDP: probability that a datagram is held back behind the next one. */
  reorder?: number;
  /** Seed of every random decision (default: a random one, reported by startWeather). */
  seed?: number;
  /** Print every chunk or datagram forwarded (direction, size, hex dump). */
  trace?: boolean;
  /**
   * TCP: the weather only for the bytes going toward this side ("server": what clients send;
   * "client": what the server answers); the other direction passes as it comes. For the
   * course's checkers, whose own reading needs no weather. Not a command-line flag.
   */
  toward?: "server" | "client" | "both";
  /**
   * UDP: told what happens to every datagram, as it happens (for the course's checkers,
   * which need to know which pings the weather lost). Not a command-line flag.
   */
  onDatagram?: (event: DatagramEvent) => void;
  /**
   * TCP: told of every write the proxy makes, as it makes it (for the course's checkers, which
   * count a silence from the last byte that moved, not from when they handed bytes to the
   * proxy: on a busy machine, a request dribbled one byte at a time can take seconds to
   * arrive). Not a command-line flag.
   */
  onForward?: (direction: Direction, bytes: number) => void;
}

/** One datagram passing the proxy, and its fate. */
export interface DatagramEvent {
  readonly direction: Direction;
  readonly datagram: Buffer;
  readonly fate: DatagramFate;
}

/** The options with every default filled in. */
export type Weather = Required<Omit<WeatherOptions, "seed" | "onDatagram" | "onForward">> & {
  seed: number | undefined;
  onDatagram: (event: DatagramEvent) => void;
  onForward: (direction: Direction, bytes: number) => void;
};

/** A value the weather cannot work with; the message names the flag. On the command line: exit 2, with the usage. */
export class WeatherOptionsError extends UsageError {
  override name = "WeatherOptionsError";
}

/** Longest delay, jitter or coalesce accepted: a minute is already far beyond any real network. */
export const MAX_MILLISECONDS = 60_000;
/** Largest --slice: a write of more than 64 KiB is no slice at all. */
export const MAX_SLICE_BYTES = 65_536;

const TCP_ONLY = ["slice", "coalesce"] as const;
const UDP_ONLY = ["loss", "dup", "reorder"] as const;

/** Fills in the defaults and checks every value; throws WeatherOptionsError naming the flag. */
export function withDefaults(options: WeatherOptions): Weather {
  const weather: Weather = {
    to: options.to,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    udp: options.udp ?? false,
    slice: options.slice ?? 0,
    coalesce: options.coalesce ?? 0,
    delay: options.delay ?? 0,
    jitter: options.jitter ?? 0,
    loss: options.loss ?? 0,
    dup: options.dup ?? 0,
    reorder: options.reorder ?? 0,
    seed: options.seed,
    trace: options.trace ?? false,
    toward: options.toward ?? "both",
    onDatagram: options.onDatagram ?? (() => {}),
    onForward: options.onForward ?? (() => {}),
  };
  validate(weather);
  return weather;
}

function validate(weather: Weather): void {
  checkPort("--to", weather.to.port, 1);
  if (weather.to.host === "") throw new WeatherOptionsError("--to needs a host: HOST:PORT, e.g. 127.0.0.1:12002");
  if (weather.host === "") throw new WeatherOptionsError("--host must not be empty");
  checkPort("--port", weather.port, 0);
  checkInteger("--slice", weather.slice, 0, MAX_SLICE_BYTES);
  for (const flag of ["coalesce", "delay", "jitter"] as const) {
    checkInteger(`--${flag}`, weather[flag], 0, MAX_MILLISECONDS);
  }
  for (const flag of UDP_ONLY) {
    const value = weather[flag];
    if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw new WeatherOptionsError(`--${flag} must be a probability from 0 to 1, got ${value}`);
    }
  }
  if (weather.seed !== undefined) checkInteger("--seed", weather.seed, 0, MAX_SEED);

  if (!weather.udp) {
    for (const flag of UDP_ONLY) {
      if (weather[flag] !== 0) {
        throw new WeatherOptionsError(
          `--${flag} needs --udp: TCP never loses, duplicates or reorders bytes (it resends and ` +
            "puts them back in order), so a TCP proxy must not pretend it does. Over TCP, try --slice, --coalesce or --delay",
        );
      }
    }
  } else {
    for (const flag of TCP_ONLY) {
      if (weather[flag] !== 0) {
        throw new WeatherOptionsError(
          `--${flag} is for TCP only: a UDP datagram is never split or merged, it arrives whole or not at all`,
        );
      }
    }
  }
}

function checkInteger(flag: string, value: number, min: number, max: number): void {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new WeatherOptionsError(`${flag} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

function checkPort(flag: string, port: number, min: number): void {
  checkInteger(flag, port, min, 65_535);
}
