import { rawExchange, startInProcess, useCleanup } from "@socket-lessons/testing";
import { startWeather } from "@socket-lessons/weather";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_HEAD_BYTES, RequestDecoder, type RequestHead } from "../src/http-request.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

const REQUEST = Buffer.from(
  "GET /?q=P%C3%A3o HTTP/1.1\r\nHost: 127.0.0.1:12007\r\nUser-Agent: test\r\nAccept: text/html,*/*;q=0.8\r\n\r\n",
);

/** `bytes` cut at the given places, as reads of 1 to 4096 bytes would bring them. */
function cut(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/** Every head a decoder cuts from these reads (what the server would answer). */
function heads(pieces: Buffer[]): Array<Omit<RequestHead, "reads">> {
  const decoder = new RequestDecoder();
  return pieces.flatMap((piece) => [...decoder.push(piece)].map(({ reads: _, ...head }) => head));
}

describe("web1's request decoder, with any chunking", () => {
  it("any split of requests into reads of 1 to 4096 bytes gives the same heads", () => {
    const two = Buffer.concat([REQUEST, Buffer.from("\r\n"), REQUEST]);
    const whole = heads([two]);
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        expect(heads(cut(two, sizes))).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("a head arriving one byte per read counts every read", () => {
    const decoder = new RequestDecoder();
    const found = cut(REQUEST, [1]).flatMap((piece) => [...decoder.push(piece)]);
    expect(found.map((head) => head.reads)).toEqual([REQUEST.length]);
  });

  it("any bytes at all are either a head or an HttpError, never a crash", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (pieces) => {
        const decoder = new RequestDecoder();
        try {
          for (const piece of pieces) [...decoder.push(Buffer.from(piece))];
        } catch (error) {
          expect(error).toHaveProperty("status");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("a head dribbled one byte per read costs about its bytes, not a Buffer per byte", () => {
    const decoder = new RequestDecoder();
    const almostFull = Buffer.from(`GET / HTTP/1.1\r\n${"X-Fill: 0123456789\r\n".repeat(800)}`);
    expect(almostFull.length).toBeLessThan(MAX_HEAD_BYTES);
    for (const piece of cut(almostFull, [1])) [...decoder.push(piece)];
    expect(decoder.bufferedBytes).toBe(almostFull.length);
    expect(decoder.memoryBytes).toBeLessThanOrEqual(2 * almostFull.length);
  });
});

describe("web1 over the network, with any chunking", () => {
  async function web1() {
    const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
    const server = await startInProcess(runServer, options);
    defer(() => server.stop());
    return server;
  }
  const withoutDate = (raw: Buffer) => raw.toString("latin1").replace(/^Date: .*$/m, "Date: -");

  it("any split of a request into writes of 1 to 4096 bytes gets the same response", async () => {
    const { port } = await web1();
    // The page says in how many reads the head came: the one thing that may differ (and with
    // it the Content-Length, by a digit: 1 read or 12; the response is read by it, so it is right).
    const answer = async (pieces: Buffer[]) =>
      withoutDate((await rawExchange(port, pieces)).response.raw)
        .replace(/arrived in \d+ reads?/, "arrived in N reads")
        .replace(/^Content-Length: \d+\r$/m, "Content-Length: N\r");
    const whole = await answer([REQUEST]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
        expect(await answer(cut(REQUEST, sizes))).toBe(whole);
      }),
      { numRuns: 30 },
    );
  });

  it("through pnpm weather --slice 1 the page is whole, and its head came in a read per byte", async () => {
    const { port } = await web1();
    const weather = await startWeather({ to: { host: "127.0.0.1", port }, slice: 1, seed: 1 }, { error: () => {} });
    defer(() => weather.close());
    const { response, closing } = await rawExchange(weather.address.port, REQUEST);
    expect(response.status).toBe(200);
    expect(response.text).toContain(`${REQUEST.length} bytes, up to the empty line`);
    expect(Number(/arrived in (\d+) reads/.exec(response.text)?.[1])).toBeGreaterThan(REQUEST.length / 2);
    expect(closing).toBe("fin");
  });
});
