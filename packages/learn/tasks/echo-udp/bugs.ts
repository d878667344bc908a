import type { PlantedBug } from "../../src/planted-bug.ts";

/** Classic mistakes in the echo-udp task, each caught by the check named in `caughtBy`, on every seed. */
export const bugs: readonly PlantedBug[] = [
  {
    id: "duplicate-counted-twice",
    name: "counting a duplicate UDP reply twice (every echo that says `ping` counts, and wakes the ping awaited)",
    edits: [
      {
        file: "client.ts",
        from: "if (waiting === undefined || seq !== waiting.seq) return;\n      received += 1;\n      waiting.arrived();",
        to: "if (Number.isNaN(seq)) return;\n      received += 1;\n      waiting?.arrived();",
      },
    ],
    caughtBy: "duplicate-echo",
  },
  {
    id: "late-echo-taken",
    name: "taking a late echo for the next ping's (the number in the echo not compared)",
    edits: [
      {
        file: "client.ts",
        from: "if (waiting === undefined || seq !== waiting.seq) return;",
        to: "if (waiting === undefined) return;",
      },
    ],
    caughtBy: "late-echo",
  },
  {
    id: "any-datagram",
    name: "any datagram taken as the echo of the ping awaited (garbage, another ping's number, a late echo)",
    edits: [{ file: "client.ts", from: /const seq = Number\(.*\);/, to: "const seq = waiting?.seq;" }],
    caughtBy: "not-an-echo",
  },
  {
    id: "prefix-match",
    name: "an echo recognised by its start: `ping 37 ...` taken for ping 3's",
    edits: [
      {
        file: "client.ts",
        from: "if (waiting === undefined || seq !== waiting.seq) return;",
        to: 'if (waiting === undefined || !datagram.toString("utf8").startsWith("ping " + waiting.seq)) return;',
      },
    ],
    caughtBy: "not-an-echo",
  },
  {
    id: "exit-0-when-none",
    name: "exiting 0 when no ping was answered at all",
    edits: [{ file: "client.ts", from: "return received > 0 ? 0 : 1;", to: "return 0;" }],
    caughtBy: "none-answered",
  },
  {
    id: "made-up-rtt",
    name: "a made-up round-trip time (always 0.42 ms)",
    edits: [{ file: "client.ts", from: "const time = performance.now() - sentAt;", to: "const time = 0.42;" }],
    caughtBy: "round-trip-times",
  },
  {
    id: "average-of-min-max",
    name: "the rtt average taken as (min + max) / 2",
    edits: [
      {
        file: "client.ts",
        from: "const average = times.reduce((sum, time) => sum + time, 0) / times.length;",
        to: "const average = (Math.min(...times) + Math.max(...times)) / 2;",
      },
    ],
    caughtBy: "round-trip-times",
  },
  {
    id: "rtt-line-always",
    name: "the rtt line printed even when no ping was answered (Infinity/NaN/-Infinity)",
    edits: [{ file: "client.ts", from: "if (times.length > 0) {", to: "if (times.length >= 0) {" }],
    caughtBy: "none-answered",
  },
  {
    id: "loss-not-percent",
    name: "the loss as a fraction, not a percentage (0.2% for 20%)",
    edits: [{ file: "client.ts", from: "((lost * 100) / options.count)", to: "(lost / options.count)" }],
    caughtBy: "some-not-answered",
  },
  {
    id: "loss-from-received",
    name: "the loss worked out from the pings received, not from those lost",
    edits: [{ file: "client.ts", from: "const lost = options.count - received;", to: "const lost = received;" }],
    caughtBy: "some-not-answered",
  },
  {
    id: "numbered-from-0",
    name: "pings numbered from 0",
    edits: [
      {
        file: "client.ts",
        from: "for (let seq = 1; seq <= options.count; seq++)",
        to: "for (let seq = 0; seq < options.count; seq++)",
      },
    ],
    caughtBy: "every-ping-answered",
  },
  {
    id: "ignores-count",
    name: "--count ignored: always 10 pings",
    edits: [{ file: "client.ts", from: "seq <= options.count;", to: "seq <= 10;" }],
    caughtBy: "every-ping-answered",
  },
  {
    id: "no-time-in-ping",
    name: "pings without their TIME: `ping SEQ`",
    edits: [{ file: "client.ts", from: /socket\.send\(`ping .*`\);/, to: 'socket.send("ping " + seq);' }],
    caughtBy: "every-ping-answered",
  },
  {
    id: "fixed-timeout",
    name: "--timeout ignored: each ping waits 1000 ms",
    edits: [{ file: "client.ts", from: "}, options.timeout);", to: "}, 1000);" }],
    caughtBy: "late-echo",
  },
  {
    id: "default-count",
    name: "a default --count other than 10",
    edits: [
      {
        file: "bin/client.ts",
        from: 'integerFlag("how many pings to send", 10,',
        to: 'integerFlag("how many pings to send", 4,',
      },
    ],
    caughtBy: "default-count",
  },
];
