// Alone in its file: a test process busy with other tests (sockets still closing, their
// buffers freed meanwhile) would blur a measurement of a few bytes per byte.
import { connectBothEnds, memoryPerByteDribbled, startInProcess, useCleanup } from "@socket-lessons/testing";
import { expect, it } from "vitest";
import { runServer } from "../src/server.ts";

const defer = useCleanup();
const PAYLOAD_BYTES = 100_000;

it("a frame that arrives one byte per read costs the server a few bytes of memory per byte, not a chunk per byte", async () => {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0, message: "hi" });
  defer(() => server.stop());
  server.finished.catch(() => {}); // it ends with "the client left in the middle of a frame"
  const ends = await connectBothEnds(server.port);
  defer(() => ends.client.destroy());
  ends.client.resume();
  const header = Buffer.alloc(4);
  header.writeUInt32BE(PAYLOAD_BYTES + 1); // one byte more than is sent: the frame never completes
  ends.client.write(header);
  const cost = await memoryPerByteDribbled(ends, PAYLOAD_BYTES);
  // Copied into a buffer that doubles, a frame costs at most about 2 bytes per byte; kept as
  // the chunks it came in, about 200 (one Buffer object per read).
  expect(cost).toBeLessThan(8);
});
