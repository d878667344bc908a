import type { OpenWeather } from "./context.ts";

/** Opens `pnpm weather`'s proxy in this process, in front of the student's program. */
export const openWeather: OpenWeather = async () => {
  throw new Error("the weather proxy is not here yet");
};
