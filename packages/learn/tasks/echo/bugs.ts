import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the echo task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "ignores-backpressure",
    name: "ignoring write() returning false",
    edits: [{ file: "server.ts", from: /if \(!socket\.write\(capitals\)\) \{[^}]*\}/s, to: "socket.write(capitals);" }],
    caughtBy: "backpressure",
  },
  {
    id: "no-half-close",
    name: "never ending our side after the client's FIN",
    edits: [{ file: "server.ts", from: 'socket.on("end", () => socket.end());', to: "" }],
    caughtBy: "capitals-then-fin",
  },
  {
    id: "upper-cases-text",
    name: "capitals through a string: toUpperCase() changes letters beyond a-z, and decoding mangles bytes",
    edits: [
      {
        file: "server.ts",
        from: /const capitals = Buffer\.from\(chunk\.map\([^;]*\);/s,
        to: 'const capitals = Buffer.from(chunk.toString("utf8").toUpperCase());',
      },
    ],
    caughtBy: "capitals-then-fin",
  },
  {
    id: "counts-characters",
    name: "counting characters, not bytes",
    edits: [{ file: "server.ts", from: "received += chunk.length;", to: 'received += chunk.toString("utf8").length;' }],
    caughtBy: "count-when-leaving",
  },
  {
    id: "running-total",
    name: "printing a running total on every chunk, and nothing when the client leaves",
    edits: [
      {
        file: "server.ts",
        from: "received += chunk.length;",
        to: "received += chunk.length;\n      console.log(`client ${peer} sent ${received} bytes`);",
      },
      {
        file: "server.ts",
        from: /socket\.on\("close", \(\) => console\.log\(`client \$\{peer\} sent \$\{received\} bytes`\)\);/,
        to: "",
      },
    ],
    caughtBy: "count-when-leaving",
  },
  {
    id: "one-counter",
    name: "one byte counter for every client",
    edits: [
      { file: "server.ts", from: "    let received = 0;\n", to: "" },
      {
        file: "server.ts",
        from: "  const server = net.createServer(",
        to: "  let received = 0;\n  const server = net.createServer(",
      },
    ],
    caughtBy: "count-per-client",
  },
];
