import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the v3 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "one-read-one-message",
    name: "one read is one message: what follows a frame in the same chunk is thrown away",
    edits: [
      {
        file: "server.ts",
        from: "      bytes.copy(bytes, 0, end, received);\n      received -= end;\n",
        to: "      received = 0;\n",
      },
    ],
    caughtBy: "frames-in-one-write",
  },
  {
    id: "length-before-4-bytes",
    name: "reading the length before its 4 bytes have arrived",
    edits: [{ file: "server.ts", from: "if (received < HEADER_BYTES) return;", to: "if (received === 0) return;" }],
    caughtBy: "frames-cut-at-every-byte",
  },
  {
    id: "client-hard-coded",
    name: "the client ignores --count, --name and --email, and always sends what the task's example shows",
    edits: [
      { file: "client.ts", from: "i <= options.count;", to: "i <= 5;" },
      {
        file: "client.ts",
        from: "{ name: `$" + "{options.name} $" + "{i}`, email: options.email }",
        to: '{ name: "Ana " + i, email: "ana@example.com" }',
      },
    ],
    caughtBy: "client-sends-persons",
  },
  {
    id: "limit-2-31",
    name: "a frame limit of 2^31-1 bytes, not 1 MiB",
    edits: [
      {
        file: "server.ts",
        from: "export const MAX_PAYLOAD_BYTES = 1024 * 1024;",
        to: "export const MAX_PAYLOAD_BYTES = 2 ** 31 - 1;",
      },
    ],
    caughtBy: "frame-limit",
  },
  {
    id: "limit-off-by-one",
    name: "a frame of exactly 1 MiB refused (>= for >)",
    edits: [
      { file: "server.ts", from: "if (announced > MAX_PAYLOAD_BYTES) {", to: "if (announced >= MAX_PAYLOAD_BYTES) {" },
    ],
    caughtBy: "frame-limit",
  },
  {
    id: "unclear-mid-frame-line",
    name: "a client that left mid-frame reported as `Attempt to access memory outside buffer bounds`",
    edits: [
      {
        file: "server.ts",
        from: /new Error\(`the client left in the middle of a frame[^`]*`\)/,
        to: 'new RangeError("Attempt to access memory outside buffer bounds")',
      },
    ],
    caughtBy: "left-mid-frame",
  },
  {
    id: "mid-frame-ignored",
    name: "a client that left mid-frame is answered a count as if nothing happened",
    edits: [{ file: "server.ts", from: /if \(received > 0\) \{\n.*\n\s*return;\n\s*\}\n/, to: "" }],
    caughtBy: "left-mid-frame",
  },
  {
    id: "refused-counted",
    name: "a refused frame counted all the same",
    edits: [
      {
        file: "server.ts",
        from: "      const person = personFrom(payload);\n",
        to: "      const person = personFrom(payload);\n      accepted += 1;\n",
      },
      { file: "server.ts", from: "      accepted += 1;\n    }\n  });", to: "    }\n  });" },
    ],
    caughtBy: "bad-frames-refused",
  },
  {
    id: "refused-on-stdout",
    name: "the `refused a frame` line printed on stdout",
    edits: [
      {
        file: "server.ts",
        from: "console.error(`refused a frame:",
        to: "console.log(`refused a frame:",
      },
    ],
    caughtBy: "bad-frames-refused",
  },
  {
    id: "bad-frame-ends-session",
    name: "the first bad frame ends the session",
    edits: [
      {
        file: "server.ts",
        from: /console\.error\((`refused a frame: [^`]*`)\);\n(\s*)continue;/,
        to: "socket.destroy(new Error($1));\n$2return;",
      },
    ],
    caughtBy: "bad-frames-refused",
  },
  {
    id: "count-as-text",
    name: "the count sent as a string, not as a v8 number",
    edits: [
      {
        file: "server.ts",
        from: "socket.end(frameOf(v8.serialize(accepted)));",
        to: "socket.end(frameOf(v8.serialize(String(accepted))));",
      },
    ],
    caughtBy: "persons-then-count",
  },
  {
    id: "no-fin-after-count",
    name: "the count is written, but the server never ends its side",
    edits: [
      {
        file: "server.ts",
        from: "socket.end(frameOf(v8.serialize(accepted)));",
        to: "socket.write(frameOf(v8.serialize(accepted)));",
      },
    ],
    caughtBy: "persons-then-count",
  },
  {
    id: "client-prints-own-count",
    name: "the client prints how many it sent, not the count the server answered",
    edits: [{ file: "client.ts", from: "accepted = countFrom(payload);", to: "accepted = options.count;" }],
    caughtBy: "client-sends-persons",
  },
  {
    id: "client-numbers-from-0",
    name: "the client numbers its persons from 0",
    edits: [
      {
        file: "client.ts",
        from: "for (let i = 1; i <= options.count; i++)",
        to: "for (let i = 0; i < options.count; i++)",
      },
    ],
    caughtBy: "client-sends-persons",
  },
  {
    id: "client-no-half-close",
    name: "the client never half-closes: the server waits for more persons",
    edits: [{ file: "client.ts", from: "        socket.end();\n", to: "" }],
    caughtBy: "client-sends-persons",
  },
  {
    id: "client-length-before-4-bytes",
    name: "the client reads the greeting's length before its 4 bytes have arrived",
    edits: [{ file: "client.ts", from: "if (received < HEADER_BYTES) break;", to: "if (received === 0) break;" }],
    caughtBy: "client-sends-persons",
  },
  {
    id: "client-default-count",
    name: "the client's default --count is not 3",
    edits: [
      {
        file: "bin/client.ts",
        from: 'integerFlag("how many persons to send", 3,',
        to: 'integerFlag("how many persons to send", 5,',
      },
    ],
    caughtBy: "client-defaults",
  },
];
