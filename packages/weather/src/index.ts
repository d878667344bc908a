// pnpm weather as a library: the course's checkers start the proxy in-process, and draw
// their own inputs from the same seeded generator.
export { seedFlag } from "./command-line.ts";
export type { DatagramFate } from "./datagram-weather.ts";
export type { Direction } from "./direction.ts";
export { type DatagramEvent, type Endpoint, type WeatherOptions, WeatherOptionsError } from "./options.ts";
export { MAX_SEED, Random, randomSeed } from "./random.ts";
export type { WeatherConsole } from "./trace.ts";
export { type RunningWeather, startWeather } from "./weather.ts";
