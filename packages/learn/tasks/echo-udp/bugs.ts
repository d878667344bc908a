import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "counting a duplicate UDP reply twice",
    file: "client.ts",
    // Every echo that says "ping" counts, and wakes the ping we wait for, if any.
    replace: [
      "if (waiting === undefined || seq !== waiting.seq) return;\n      received += 1;\n      waiting.arrived();",
      "if (Number.isNaN(seq)) return;\n      received += 1;\n      waiting?.arrived();",
    ],
    caughtBy:
      "a duplicated echo is counted once: each echo comes twice, 50 ms apart, and the last ping gets none: 4 of 5 received",
  },
  {
    name: "taking a late echo for the next ping's",
    file: "client.ts",
    replace: ["if (waiting === undefined || seq !== waiting.seq) return;", "if (waiting === undefined) return;"],
    caughtBy:
      "a late echo is not taken for the next ping's: ping 2's echo comes after its timeout, just before ping 3's; ping 4 gets none",
  },
];
