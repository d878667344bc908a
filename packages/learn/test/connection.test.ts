// The checker's connection: a read waits through silence, and silence is counted from when the
// checker's own bytes arrived, not from when it handed them to the weather.
import { once } from "node:events";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Connection } from "../src/checker/connection.ts";
import { CheckFailure } from "../src/checker/failure.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A connected pair: the checker's Connection, and the program's side as a plain socket. */
async function pair(lastDelivered?: () => number): Promise<{ connection: Connection; program: net.Socket }> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const accepted = once(server, "connection") as Promise<[net.Socket]>;
  const socket = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
  await once(socket, "connect");
  const [program] = await accepted;
  cleanups.push(() => {
    socket.destroy();
    program.destroy();
    server.close();
  });
  return { connection: new Connection(socket, { side: "server" }, undefined, lastDelivered), program };
}

describe("a read's silence", () => {
  it("fails a read when nothing comes for its timeout", async () => {
    const { connection } = await pair();
    await expect(connection.readLine(100)).rejects.toBeInstanceOf(CheckFailure);
  });

  it("does not count while the weather is still delivering the checker's bytes", async () => {
    let lastDelivered = performance.now();
    // The weather writes a byte of the checker's request every 20 ms for 400 ms...
    const delivering = setInterval(() => {
      lastDelivered = performance.now();
    }, 20);
    const { connection, program } = await pair(() => lastDelivered);
    // ...and the program answers once the whole request has come: 300 ms after the read's own
    // 150 ms timeout, but 100 ms after the last byte arrived.
    setTimeout(() => clearInterval(delivering), 400);
    setTimeout(() => program.write("answer\n"), 450);
    cleanups.push(() => clearInterval(delivering));
    expect(await connection.readLine(150)).toBe("answer");
  });
});
