import { once } from "node:events";
import net from "node:net";
import { encodeFrame } from "@socket-lessons/protocol";
import { startInProcess } from "@socket-lessons/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runServer } from "../src/server.ts";

/** The outcomes a v3 server may have: a person, or one of its own clear errors. Never a crash. */
const CLEAR_OUTCOMES = [
  /^received person: /,
  /^the client sent a frame that is not valid v8-serialized data$/,
  /^the client sent an invalid person: /,
];

async function outcomeOf(payload: Uint8Array): Promise<string> {
  const server = await startInProcess(runServer, { host: "127.0.0.1", port: 0, message: "hi" });
  const socket = net.connect(server.port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "data");
  socket.end(encodeFrame(payload));
  socket.resume();
  try {
    await server.finished;
    return server.printed.out[1] ?? "(nothing printed)";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    socket.destroy();
    await server.stop();
  }
}

describe("v3 server fed random payloads", () => {
  it("always ends with a person or a clear error, never a crash", async () => {
    // Bytes after v8's own header (ff 0f), so that the deserializer gets past its first check
    // and into the values themselves: tags, lengths, nested objects.
    const payloads = fc.uint8Array({ maxLength: 200 }).map((body) => Uint8Array.from([0xff, 0x0f, ...body]));
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const outcome = await outcomeOf(payload);
        expect(
          CLEAR_OUTCOMES.some((pattern) => pattern.test(outcome)),
          outcome,
        ).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
