// startWeather: the proxy as a function, for the command line (bin/weather.ts) and for the
// course's checkers, which put it between themselves and a student's program.
import type { AddressInfo } from "node:net";
import { type WeatherOptions, withDefaults } from "./options.ts";
import { Random, randomSeed } from "./random.ts";
import { startTcpWeather } from "./tcp-weather.ts";
import type { WeatherConsole } from "./trace.ts";
import { startUdpWeather } from "./udp-weather.ts";

export interface RunningWeather {
  /** Where the proxy listens: clients connect (or send) here instead of to the real server. */
  readonly address: AddressInfo;
  /** The seed of every random decision: pass it back as `seed` to replay the same weather. */
  readonly seed: number;
  /** Stops listening, cuts every connection, stops every timer; resolves once all is closed. */
  close(): Promise<void>;
}

/**
 * Starts the proxy and resolves once it is listening. Throws WeatherOptionsError for options
 * that make no sense (loss on TCP...), and the system's error when it cannot listen.
 * `console` receives --trace and the proxy's reports, one line per call.
 */
export async function startWeather(options: WeatherOptions, console: WeatherConsole): Promise<RunningWeather> {
  const weather = withDefaults(options);
  const seed = weather.seed ?? randomSeed();
  const random = new Random(seed);
  const running = weather.udp
    ? await startUdpWeather(weather, random, console)
    : await startTcpWeather(weather, random, console);
  return { address: running.address, seed, close: () => running.close() };
}
