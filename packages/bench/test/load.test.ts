import { once } from "node:events";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runLoad } from "../src/load.ts";

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server that answers every line with `{"ok":true}`, but holds the very first reply for `holdFirstMs`. */
async function slowToStartServer(holdFirstMs: number): Promise<number> {
  let first = true;
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) {
        if (first) {
          first = false;
          setTimeout(() => socket.write('{"ok":true}\n'), holdFirstMs);
        } else socket.write('{"ok":true}\n');
      }
    });
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as net.AddressInfo).port;
}

describe("runLoad", () => {
  it("counts a reply that comes while measuring, but not the latency of a request sent in the warm-up", async () => {
    // One client, one request at a time: the first one, sent at the start of the warm-up,
    // is answered only after the warm-up is over. Every later one is sent while measuring.
    const port = await slowToStartServer(1000);
    const load = await runLoad({
      host: "127.0.0.1",
      port,
      clients: 1,
      pipeline: 1,
      warmupMs: 100,
      durationMs: 1500,
      nextRequest: () => Buffer.from('{"op":"list"}\n'),
    });
    expect(load.requests).toBeGreaterThan(1);
    expect(load.latencies.length).toBe(load.requests - 1);
    expect(load.errors).toEqual({});
  });
});
