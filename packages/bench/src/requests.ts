import type { Op } from "./options.ts";

/** Codes the seeding adds (1..seed); `get` asks for these. */
export const SEED_CODE_FIRST = 1;
/** Codes `add` uses during a run: far from the seeded ones, one new code per request. */
let nextAddCode = 100_000_000;

const LIST = Buffer.from('{"op":"list"}\n');

export function addRequest(code = nextAddCode++): Buffer {
  return Buffer.from(
    `{"op":"add","product":{"code":${code},"name":"Bench product ${code}","price":1.5,"colors":["red","blue"]}}\n`,
  );
}

function getRequest(seeded: number): Buffer {
  const code = SEED_CODE_FIRST + Math.floor(Math.random() * Math.max(seeded, 1));
  return Buffer.from(`{"op":"get","code":${code}}\n`);
}

/**
 * What a client sends next, for each --op. `mixed` cycles add, list and (where the lesson
 * knows it) get, so every kind of request runs against the same, growing data.
 */
export function requestMaker(op: Op, seeded: number, knowsGet: boolean): () => Buffer {
  switch (op) {
    case "list":
      return () => LIST;
    case "add":
      return () => addRequest();
    case "get":
      return () => getRequest(seeded);
    case "mixed": {
      const cycle: Array<() => Buffer> = knowsGet
        ? [() => addRequest(), () => getRequest(seeded), () => getRequest(seeded), () => LIST]
        : [() => addRequest(), () => LIST];
      let step = 0;
      return () => (cycle[step++ % cycle.length] as () => Buffer)();
    }
  }
}
