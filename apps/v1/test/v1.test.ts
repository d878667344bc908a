import { once } from "node:events";
import net from "node:net";
import { RecordingConsole, startInProcess, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { runClient } from "../src/client.ts";
import { runServer } from "../src/server.ts";

const defer = useCleanup();

async function v1Server(host = "127.0.0.1") {
  const server = await startInProcess(runServer, { host, port: 0 });
  defer(() => server.stop());
  return server;
}

function connect(port: number, host = "127.0.0.1"): net.Socket {
  const socket = net.connect(port, host);
  socket.on("error", () => {});
  defer(() => socket.destroy());
  return socket;
}

describe("v1 server", () => {
  it("prints where its one client came from, and finishes", async () => {
    const server = await v1Server();
    const client = connect(server.port);
    await once(client, "connect");
    const clientPort = client.localPort;
    client.resume();
    await server.finished;
    expect(server.printed.out).toEqual([
      `listening on 127.0.0.1:${server.port}`,
      `client connected from 127.0.0.1:${clientPort}`,
    ]);
  });

  it("refuses a second client once it has accepted the first", async () => {
    const server = await v1Server();
    connect(server.port).resume();
    await server.finished;
    const [error] = await once(connect(server.port), "error");
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("ends the connection with a FIN, and finishes once the client has closed its side", async () => {
    const server = await v1Server();
    const client = connect(server.port);
    client.resume();
    await once(client, "end");
    client.end();
    await server.finished;
  });

  it("listens on IPv6 and prints the address in brackets", async () => {
    const server = await v1Server("::1");
    expect(server.printed.out[0]).toBe(`listening on [::1]:${server.port}`);
  });
});

describe("v1 client", () => {
  it("prints the address it connected to, then closes", async () => {
    const server = await v1Server();
    const printed = new RecordingConsole();
    await runClient({ host: "127.0.0.1", port: server.port, timeout: 5000 }, printed.console);
    expect(printed.out).toEqual([`connected to 127.0.0.1:${server.port}`]);
    await server.finished;
  });

  it("connects over IPv6", async () => {
    const server = await v1Server("::1");
    const printed = new RecordingConsole();
    await runClient({ host: "::1", port: server.port, timeout: 5000 }, printed.console);
    expect(printed.out).toEqual([`connected to [::1]:${server.port}`]);
  });

  it("gives up with a timeout when the server never closes its side", async () => {
    const silent = net.createServer({ allowHalfOpen: true }, (socket) => socket.resume());
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    defer(() => silent.close());
    const { port } = silent.address() as net.AddressInfo;
    const failure = runClient({ host: "127.0.0.1", port, timeout: 200 }, new RecordingConsole().console);
    await expect(failure).rejects.toThrow("timed out after 200 ms waiting for the server to close the connection");
  });
});
