// Alone in its file: a test process busy with other tests (sockets still closing, their
// buffers freed meanwhile) would blur a measurement of a few bytes per byte.
import { connectBothEnds, memoryPerByteDribbled, startInProcess, useCleanup } from "@socket-lessons/testing";
import { expect, it } from "vitest";
import { MAX_LINE_BYTES, runServer } from "../src/server.ts";

const defer = useCleanup();

it("a line that arrives one byte per read costs the server a few bytes of memory per byte, not a chunk per byte", async () => {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0, message: "hi" });
  defer(() => server.stop());
  const ends = await connectBothEnds(server.port);
  defer(() => ends.client.destroy());
  ends.client.resume();
  const cost = await memoryPerByteDribbled(ends, MAX_LINE_BYTES - 1000);
  ends.client.end("\n");
  await server.finished;
  // Copied into a buffer that doubles, a line costs at most about 2 bytes per byte; kept as
  // the chunks it came in, about 200 (one Buffer object per read).
  expect(cost).toBeLessThan(8);
});
