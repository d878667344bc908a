import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "ignoring write() returning false",
    file: "server.ts",
    replace: [/if \(!socket\.write\(capitals\)\) \{[^}]*\}/s, "socket.write(capitals);"],
    caughtBy:
      "a client that sends without reading is not buffered without limit: the server stops reading it (write() returned false)",
  },
  {
    name: "forgetting the half-close (never ending our side)",
    file: "server.ts",
    replace: ['socket.on("end", () => socket.end());', ""],
    caughtBy: "a message comes back in capitals, then the server closes its side",
  },
];
