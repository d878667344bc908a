import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "exiting after the first client",
    file: "server.ts",
    replace: ["const CLIENTS = 3;", "const CLIENTS = 1;"],
    caughtBy: "the server does not exit early: after the first client and after the second, it accepts the next",
  },
  {
    name: "a client's reset crashes the server (awaiting once(socket, \"close\"), which rejects on 'error')",
    file: "server.ts",
    replace: [/socket\.on\("error".*\n.*const closed = .*\n/, 'const closed = once(socket, "close");\n'],
    caughtBy: "a client that resets its connection (RST) instead of closing it still counts, and the server goes on",
  },
  {
    name: 'awaiting once(server, "connection") for each client, which loses one that connects meanwhile',
    file: "server.ts",
    replace: [
      /for await \(const \[socket\] of on\(server, "connection"\) as AsyncIterable<\[net\.Socket\]>\) \{/,
      'for (;;) {\n    const [socket] = (await once(server, "connection")) as [net.Socket];',
    ],
    caughtBy: "a client that connects while the one before is still being served waits its turn, and is served next",
  },
];
