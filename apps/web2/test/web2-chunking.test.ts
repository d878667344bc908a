import { rawExchange, startInProcess, useCleanup } from "@socket-lessons/testing";
import { startWeather } from "@socket-lessons/weather";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Request, RequestDecoder } from "../src/http-request.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

const body = JSON.stringify({ code: 1, name: "Pão de queijo", price: 4.5, colors: ["amarelo"] });
const POST = Buffer.from(
  `POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
);
const GET = Buffer.from("GET /api/products HTTP/1.1\r\nHost: x\r\n\r\n");

function cut(bytes: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

function requests(pieces: Buffer[]): Request[] {
  const decoder = new RequestDecoder();
  return pieces.flatMap((piece) => [...decoder.push(piece)]);
}

describe("web2's request decoder, with any chunking", () => {
  it("any split of a request with a body, and the next request, into 1..4096-byte reads gives the same requests", () => {
    const both = Buffer.concat([POST, GET]);
    const whole = requests([both]);
    expect(whole.map((request) => [request.method, request.body.toString()])).toEqual([
      ["POST", body],
      ["GET", ""],
    ]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        expect(requests(cut(both, sizes))).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it("a body is a copy: the decoder's buffer, reused for what follows, does not change it", () => {
    const decoder = new RequestDecoder();
    const [first] = [...decoder.push(POST)];
    [...decoder.push(Buffer.from("x".repeat(300)))];
    expect(first?.body.toString()).toBe(body);
  });
});

describe("web2 over the network, with any chunking", () => {
  it("any split of a POST into writes gets the same response (the product added, or its duplicate refused)", async () => {
    const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
    const server = await startInProcess(runServer, options);
    defer(() => server.stop());
    const first = await rawExchange(server.port, [POST]);
    expect(first.response.status).toBe(201);
    const duplicate = (await rawExchange(server.port, [POST])).response.text;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
        const { response } = await rawExchange(server.port, cut(POST, sizes));
        expect([response.status, response.text]).toEqual([409, duplicate]);
      }),
      { numRuns: 30 },
    );
  });

  it("through pnpm weather --slice 1, a POST is added and the list is whole", async () => {
    const options = { host: "127.0.0.1", port: 0, maxClients: 10_000, idleTimeout: 300 };
    const server = await startInProcess(runServer, options);
    defer(() => server.stop());
    const weather = await startWeather(
      { to: { host: "127.0.0.1", port: server.port }, slice: 1, seed: 2 },
      { error: () => {} },
    );
    defer(() => weather.close());
    expect((await rawExchange(weather.address.port, POST)).response.status).toBe(201);
    const list = await rawExchange(weather.address.port, GET);
    expect(JSON.parse(list.response.text).products[0].name).toBe("Pão de queijo");
  });
});
