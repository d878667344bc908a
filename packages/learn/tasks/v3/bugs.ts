import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    // What follows a frame in the same chunk is thrown away: each read gives at most one message.
    name: "one read is one message",
    file: "server.ts",
    replace: ["const rest = bytes.subarray(HEADER_BYTES + announced);", "const rest = Buffer.alloc(0);"],
    caughtBy: "frames merged in one write are all read: one read is not one message",
  },
  {
    name: "reading the length before its 4 bytes have arrived",
    file: "server.ts",
    replace: ["if (received < HEADER_BYTES) return;", "if (received === 0) return;"],
    caughtBy: "frames split at every byte (their 4-byte headers too) are put back together",
  },
];
