import { once } from "node:events";
import net from "node:net";
import type { RunningServer } from "@socket-lessons/protocol";
import { RecordingIO } from "@socket-lessons/testing";
import { afterEach, describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { startServer } from "../src/server.ts";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function v1Server(host = "127.0.0.1"): Promise<{ server: RunningServer; io: RecordingIO }> {
  const io = new RecordingIO();
  const server = await startServer({ host, port: 0, trace: false }, io);
  servers.push(server);
  return { server, io };
}

describe("v1 server", () => {
  it("prints where its one client came from, and finishes", async () => {
    const { server, io } = await v1Server();
    const client = net.connect(server.address.port, "127.0.0.1");
    await once(client, "connect");
    const clientPort = client.localPort;
    client.resume();
    await server.finished;
    expect(io.out).toEqual([
      `listening on 127.0.0.1:${server.address.port}`,
      `client connected from 127.0.0.1:${clientPort}`,
    ]);
    client.destroy();
  });

  it("refuses a second client once it has accepted the first", async () => {
    const { server } = await v1Server();
    const first = net.connect(server.address.port, "127.0.0.1");
    first.resume();
    await server.finished;
    const second = net.connect(server.address.port, "127.0.0.1");
    const [error] = await once(second, "error");
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    first.destroy();
  });

  it("listens on IPv6 and prints the address in brackets", async () => {
    const { server, io } = await v1Server("::1");
    expect(io.out[0]).toBe(`listening on [::1]:${server.address.port}`);
  });
});

describe("v1 client", () => {
  it("prints the address it connected to, then closes", async () => {
    const { server } = await v1Server();
    const io = new RecordingIO();
    await runClient({ host: "127.0.0.1", port: server.address.port, timeout: 5000, trace: false }, io);
    expect(io.out).toEqual([`connected to 127.0.0.1:${server.address.port}`]);
    await server.finished;
  });

  it("connects over IPv6", async () => {
    const { server } = await v1Server("::1");
    const io = new RecordingIO();
    await runClient({ host: "::1", port: server.address.port, timeout: 5000, trace: false }, io);
    expect(io.out).toEqual([`connected to [::1]:${server.address.port}`]);
  });
});
