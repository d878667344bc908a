// Which way bytes go through the proxy. Each direction has its own weather and its own
// random stream, as each direction of a real network path has its own queues.

export type Direction = "client→server" | "server→client";

/** The label that forks a direction's random stream (see Random.fork). */
export const DIRECTION_LABEL: Record<Direction, number> = {
  "client→server": 1,
  "server→client": 2,
};
