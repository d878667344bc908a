import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "telling the adder too",
    file: "server.ts",
    replace: ["if (socket === adder || socket.writableEnded) continue;", "if (socket.writableEnded) continue;"],
    caughtBy: "the client that adds a product gets only its reply, not the event",
  },
  {
    name: "never dropping a client that does not read (its events pile up in memory)",
    file: "server.ts",
    replace: [/if \(queue\.queuedEventBytes > MAX_QUEUED_EVENT_BYTES\) \{[^}]*\}/s, ""],
    caughtBy: "a client that never reads is dropped once over 1 MiB of events wait for it, and the others go on",
  },
];
