import { once } from "node:events";
import net from "node:net";
import { addRequest, SEED_CODE_FIRST } from "./requests.ts";

/** Seeding that takes longer than this means the server is not answering: give up. */
const SEED_TIMEOUT_MS = 60_000;

/** Adds products SEED_CODE_FIRST..count through one connection, pipelined, and waits for every reply. */
export async function seed(host: string, port: number, count: number): Promise<void> {
  if (count === 0) return;
  const socket = net.connect({ host, port });
  const giveUp = setTimeout(
    () => socket.destroy(new Error(`seeding ${count} products took over ${SEED_TIMEOUT_MS / 1000} s`)),
    SEED_TIMEOUT_MS,
  );
  try {
    await once(socket, "connect");
    let replies = 0;
    const done = new Promise<void>((resolve, reject) => {
      socket.on("data", (chunk: Buffer) => {
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) replies += 1;
        if (replies >= count) resolve();
      });
      socket.on("error", reject);
      socket.on("close", () => (replies >= count ? resolve() : reject(new Error("the server closed while seeding"))));
    });
    for (let code = SEED_CODE_FIRST; code < SEED_CODE_FIRST + count; code++) {
      if (!socket.write(addRequest(code))) await once(socket, "drain");
    }
    await done;
  } finally {
    clearTimeout(giveUp);
    socket.destroy();
  }
}
