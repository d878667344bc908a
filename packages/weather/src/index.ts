// pnpm weather as a library: the course's checkers start the proxy in-process.
export type { DatagramFate } from "./datagram-weather.ts";
export type { Direction } from "./direction.ts";
export { type DatagramEvent, type Endpoint, type WeatherOptions, WeatherOptionsError } from "./options.ts";
export type { WeatherConsole } from "./trace.ts";
export { type RunningWeather, startWeather } from "./weather.ts";
export { Random, randomSeed } from "./random.ts";
