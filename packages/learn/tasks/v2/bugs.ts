import type { PlantedBug } from "../../src/planted-bug.ts";

export const bugs: readonly PlantedBug[] = [
  {
    name: "one read is one message (the server takes the first chunk as the name)",
    file: "server.ts",
    // A chunk without "\n" is taken as the whole line, instead of waiting for the rest.
    replace: [
      'const newline = chunk.indexOf("\\n");',
      'const newline = chunk.includes("\\n") ? chunk.indexOf("\\n") : chunk.length;',
    ],
    caughtBy: 'a name sent one byte at a time is read whole, up to its "\\n"',
  },
  {
    name: "one read is one message (the client takes the first chunk as the question)",
    file: "client.ts",
    replace: [
      'const newline = rest.indexOf("\\n");',
      'const newline = rest.includes("\\n") ? rest.indexOf("\\n") : rest.length;',
    ],
    caughtBy: 'the client waits for the whole question, sent one byte at a time, up to its "\\n" before it answers',
  },
  {
    name: 'dropping the bytes after a line\'s "\\n" (the client loses a greeting that came with the question)',
    file: "client.ts",
    replace: [/rest = rest\.subarray\(newline \+ 1\);.*$/m, "rest = Buffer.alloc(0);"],
    caughtBy: "the client keeps the bytes after the question: the question, the greeting and the FIN in one chunk",
  },
];
