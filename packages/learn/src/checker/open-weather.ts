import { startWeather } from "@socket-lessons/weather";
import type { OpenWeather } from "./check-run.ts";

/**
 * Opens `pnpm weather`'s proxy in this process, in front of the student's program: the same
 * code as the command, so what a check does to the bytes is what a student can do by hand.
 */
export const openWeather: OpenWeather = async (port, profile, seed) => {
  const weather = await startWeather(
    {
      to: { host: "127.0.0.1", port },
      seed,
      ...(profile.udp === true
        ? { udp: true, loss: profile.loss ?? 0, dup: profile.dup ?? 0, reorder: profile.reorder ?? 0 }
        : { slice: profile.slice ?? 0, coalesce: profile.coalesce ?? 0, toward: profile.toward ?? "both" }),
      ...(profile.onDatagram ? { onDatagram: profile.onDatagram } : {}),
      ...(profile.onForward ? { onForward: profile.onForward } : {}),
    },
    { error: () => {} }, // the proxy's own reports: the checks say what matters
  );
  return { port: weather.address.port, close: () => weather.close() };
};
