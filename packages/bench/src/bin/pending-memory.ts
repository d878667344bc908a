// `pnpm --filter @socket-lessons/bench pending-memory -- [TARGET...] [--connections N] [--bytes N] [--pause MS]`:
// bytes of server memory per byte of unfinished messages, each dribbled one byte per write
// (see ../pending-memory.ts). TARGET: v5, exercise, v3, weather (default: all four).
import { parseArgs } from "node:util";
import { kib, measurePendingMemory, mib, PENDING_TARGETS, type PendingTarget } from "../pending-memory.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  allowPositionals: true,
  options: {
    connections: { type: "string", default: "200" },
    bytes: { type: "string", default: "10000" },
    // Between rounds of one byte per connection: 1 ms makes each byte a read of its own; 0 is
    // faster (a turn of the event loop), for many bytes on few connections.
    pause: { type: "string", default: "1" },
  },
});
const targets = positionals.length > 0 ? positionals : [...PENDING_TARGETS];
for (const target of targets) {
  if (!(PENDING_TARGETS as readonly string[]).includes(target)) {
    console.error(`error: unknown target ${target}: try ${PENDING_TARGETS.join(", ")}`);
    process.exit(2);
  }
}
for (const target of targets as PendingTarget[]) {
  const result = await measurePendingMemory(
    target,
    Number(values.connections),
    Number(values.bytes),
    Number(values.pause),
    (line) => console.error(line),
  );
  const pending = result.connections * result.bytesEach;
  const grown = result.residentAfter - result.residentBefore;
  console.log(
    `${target}: ${result.connections} connections x ${result.bytesEach} bytes = ${mib(pending)} sent; ` +
      `server memory ${mib(result.residentBefore)} -> ${mib(result.residentAfter)}: ` +
      `${result.bytesPerBytePending.toFixed(1)} bytes per byte sent, ${kib(grown / result.connections)} per connection`,
  );
}
