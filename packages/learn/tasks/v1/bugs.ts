import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the v1 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "exits-after-first",
    name: "exiting after the first client",
    edits: [{ file: "server.ts", from: "const CLIENTS = 3;", to: "const CLIENTS = 1;" }],
    caughtBy: "exits-after-third",
  },
  {
    id: "serves-four",
    name: "a count off by one: the server waits for a fourth client",
    edits: [{ file: "server.ts", from: "const CLIENTS = 3;", to: "const CLIENTS = 4;" }],
    caughtBy: "exits-after-third",
  },
  {
    id: "destroys-at-once",
    name: "each client destroyed at once (no reading to its FIN), and the server exits before the third has gone",
    edits: [{ file: "server.ts", from: /socket\.end\(\);\n\s*socket\.resume\(\);/, to: "socket.destroy();" }],
    caughtBy: "exits-after-third",
  },
  {
    id: "reset-crashes",
    name: "a client's reset crashes the server (awaiting once(socket, \"close\"), which rejects on 'error')",
    edits: [
      {
        file: "server.ts",
        from: /socket\.on\("error".*\n.*const closed = .*\n/,
        to: 'const closed = once(socket, "close");\n',
      },
    ],
    caughtBy: "reset-counts",
  },
  {
    id: "once-per-client",
    name: 'awaiting once(server, "connection") for each client, which loses one that connects meanwhile',
    edits: [
      {
        file: "server.ts",
        from: /for await \(const \[socket\] of on\(server, "connection"\) as AsyncIterable<\[net\.Socket\]>\) \{/,
        to: 'for (;;) {\n    const [socket] = (await once(server, "connection")) as [net.Socket];',
      },
    ],
    caughtBy: "waits-its-turn",
  },
  {
    id: "no-wait-for-close",
    name: "not waiting for a client to close before taking the next: clients are served at once, side by side",
    edits: [{ file: "server.ts", from: "    await closed;\n", to: "" }],
    caughtBy: "waits-its-turn",
  },
  {
    id: "own-address",
    name: "printing the server's own address (localPort) instead of the client's",
    edits: [
      {
        file: "server.ts",
        from: "formatAddress(socket.remoteAddress, socket.remotePort)",
        to: "formatAddress(socket.localAddress, socket.localPort)",
      },
    ],
    caughtBy: "three-in-turn",
  },
];
