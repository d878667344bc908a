// The malformed-request tables of the web tasks, held to node:http: it decides each row as
// the task's server must, but where the row says why SPEC decides otherwise.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNKED_ROWS } from "../web3/malformed.ts";
import { BODY_ROWS, HEAD_ROWS } from "./malformed.ts";
import { nodeHttpServer, nodeHttpStatus } from "./node-http.ts";

let server: Awaited<ReturnType<typeof nodeHttpServer>>;
beforeAll(async () => {
  server = await nodeHttpServer();
});
afterAll(() => server.close());

describe.each([
  ["every web task", HEAD_ROWS],
  ["web2 and web3", BODY_ROWS],
  ["web3", CHUNKED_ROWS],
])("the malformed requests of %s, sent to node:http", (_, rows) => {
  it.each(rows.map((row) => [row.name.en, row] as const))(
    "%s: node:http decides as SPEC, or as the row says",
    async (_, row) => {
      expect(await nodeHttpStatus(server.port, row.request)).toBe(row.node?.status ?? row.status);
    },
  );
});
