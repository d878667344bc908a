import type { PlantedBug } from "../../src/planted-bug.ts";

const LIMIT_LINE = "const MAX_QUEUED_EVENT_BYTES = 1024 * 1024;";
const SKIP_LINE = "if (socket === adder || socket.writableEnded) continue;";

/** Classic mistakes in the v5 task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "adder-told",
    name: "telling the adder too",
    edits: [{ file: "server.ts", from: SKIP_LINE, to: "if (socket.writableEnded) continue;" }],
    caughtBy: "others-told-not-adder",
  },
  {
    id: "written-after-quit",
    name: "events are written to a client that already sent quit (`write after end` in the server's log)",
    edits: [{ file: "server.ts", from: SKIP_LINE, to: "if (socket === adder) continue;" }],
    caughtBy: "quit-not-told",
  },
  {
    id: "refused-add-told",
    name: "a refused add (DUPLICATE_CODE) is told to the others too",
    edits: [
      { file: "server.ts", from: 'parsed.request.op === "add" && reply.ok)', to: 'parsed.request.op === "add")' },
    ],
    caughtBy: "refused-add-tells-no-one",
  },
  {
    id: "only-clients-that-asked",
    name: "only clients that have sent something are told",
    edits: [
      {
        file: "server.ts",
        from: SKIP_LINE,
        to: "if (socket === adder || socket.writableEnded || socket.bytesRead === 0) continue;",
      },
    ],
    caughtBy: "idle-told-at-once",
  },
  {
    id: "never-drops",
    name: "never dropping a client that does not read (its events pile up in memory)",
    edits: [{ file: "server.ts", from: /if \(queue\.queuedEventBytes > MAX_QUEUED_EVENT_BYTES\) \{[^}]*\}/s, to: "" }],
    caughtBy: "slow-reader-dropped",
  },
  {
    id: "limit-16-kib",
    name: "the slow-reader limit is 16 KiB instead of 1 MiB",
    edits: [{ file: "server.ts", from: LIMIT_LINE, to: "const MAX_QUEUED_EVENT_BYTES = 16 * 1024;" }],
    caughtBy: "slow-reader-dropped",
  },
  {
    id: "limit-8-mib",
    name: "the slow-reader limit is 8 MiB instead of 1 MiB",
    edits: [{ file: "server.ts", from: LIMIT_LINE, to: "const MAX_QUEUED_EVENT_BYTES = 8 * 1024 * 1024;" }],
    caughtBy: "slow-reader-dropped",
  },
  {
    id: "writable-length-of-a-string",
    name: "the events waiting are socket.writableLength, with each event written as a string: it counts UTF-16 code units, not bytes",
    edits: [
      {
        file: "server.ts",
        from: "if (queue.queuedEventBytes > MAX_QUEUED_EVENT_BYTES) {",
        to: "if (socket.writableLength > MAX_QUEUED_EVENT_BYTES) {",
      },
    ],
    caughtBy: "slow-reader-dropped",
  },
  {
    id: "events-after-next-command",
    name: "the menu client shows events only after the next command, not as they arrive",
    edits: [{ file: "client.ts", from: "request = undefined;\n      askNext();", to: "await sendNext();" }],
    caughtBy: "client-events-as-they-come",
  },
  {
    id: "events-on-stderr",
    name: "the client prints events on stderr",
    edits: [
      {
        file: "client.ts",
        from: "for (const text of describeEvent(event)) console.log(text);",
        to: "for (const text of describeEvent(event)) console.error(text);",
      },
    ],
    caughtBy: "client-events-as-they-come",
  },
];
