import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { killLeftoverProcesses, LessonProcess } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";
import { describeError, markListening } from "../src/index.ts";

afterAll(killLeftoverProcesses);

const here = { host: "127.0.0.1", port: 12002 };

function systemError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} from the system`), { code, ...extra });
}

async function failureOf(action: () => net.Server | net.Socket): Promise<unknown> {
  const [error] = await once(action(), "error");
  return error;
}

describe("describeError on real sockets", () => {
  it("says a port is already in use and suggests --port", async () => {
    const first = net.createServer().listen(0, "127.0.0.1");
    await once(first, "listening");
    const { port } = first.address() as net.AddressInfo;
    const error = await failureOf(() => net.createServer().listen(port, "127.0.0.1"));
    first.close();
    expect(describeError(error, { host: "127.0.0.1", port })).toBe(
      `127.0.0.1:${port} is already in use: another program is listening there. Stop it, or choose another port with --port`,
    );
  });

  it("says a refused connection was refused and asks whether the server is running", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const error = await failureOf(() => net.connect(port, "127.0.0.1"));
    const message = describeError(error, { host: "127.0.0.1", port });
    expect(message).toContain(`connection to 127.0.0.1:${port} was refused`);
    expect(message).toContain("is the server running?");
  });

  it("says a host name could not be resolved", async () => {
    const error = await failureOf(() => net.connect(12002, "no-such-host.invalid"));
    expect(describeError(error, { host: "no-such-host.invalid", port: 12002 })).toBe(
      'could not resolve host name "no-such-host.invalid": check --host',
    );
  });

  it("puts an IPv6 address in brackets", async () => {
    const error = systemError("ECONNREFUSED", { address: "::1", port: 5 });
    expect(describeError(error, here)).toContain("connection to [::1]:5 was refused");
  });
});

describe("describeError", () => {
  it("says a privileged port needs rights", () => {
    expect(describeError(systemError("EACCES", { address: "0.0.0.0", port: 80 }), here)).toBe(
      "permission denied to listen on 0.0.0.0:80: ports below 1024 are privileged. Choose a port from 1024 up with --port",
    );
  });

  it("says what a timeout was waiting for", () => {
    expect(describeError(new Error("timed out after 5000 ms waiting for the server's greeting"), here)).toBe(
      "timed out after 5000 ms waiting for the server's greeting",
    );
  });

  it("explains a reset connection, naming the server a client connected to", () => {
    expect(describeError(systemError("ECONNRESET"), here)).toBe(
      "the connection to 127.0.0.1:12002 was reset: the other side closed it abruptly",
    );
  });

  it("never names a server's own address as the peer of a reset, --port 0 included", () => {
    const listening = markListening({ host: "127.0.0.1", port: 0 });
    expect(describeError(systemError("ECONNRESET"), listening)).toBe(
      "the connection was reset: the client closed it abruptly",
    );
    expect(describeError(systemError("EPIPE"), { ...listening })).toBe(
      "the client closed the connection while we were still sending",
    );
    expect(describeError(systemError("ECONNRESET", { address: "::1", port: 4000 }), listening)).toBe(
      "the connection from [::1]:4000 was reset: the client closed it abruptly",
    );
    // Where it listens is still named where it could not listen.
    expect(describeError(systemError("EADDRINUSE"), markListening({ host: "127.0.0.1", port: 12002 }))).toMatch(
      /^127\.0\.0\.1:12002 is already in use/,
    );
  });

  it("falls back to the error's own message, never a stack trace", () => {
    const message = describeError(new Error("something odd"), here);
    expect(message).toBe("something odd");
    expect(message).not.toContain("    at ");
  });
});

describe("describeError for UDP", () => {
  it("words a refused datagram without a connection, and still asks whether the server is running", () => {
    const message = describeError(systemError("ECONNREFUSED", { address: "127.0.0.1", port: 9 }), {
      ...here,
      udp: true,
    });
    expect(message).toBe(
      'the datagram to 127.0.0.1:9 was refused (the host answered "port unreachable"): is the server running? Start it first, or check --host and --port',
    );
  });
});

describe("a server started with --port 0 whose client resets", () => {
  it("names that client, not its own address, and exits 1", async () => {
    const server = new LessonProcess(path.join(import.meta.dirname, "fixtures"), "server", ["--port", "0"], {
      command: [process.execPath, "--import", "tsx", "one-client-server.ts"],
    });
    const client = net.connect(await server.listeningPort(), "127.0.0.1");
    await once(client, "connect");
    const clientPort = client.localPort;
    client.write("hi");
    await server.waitForLine(/^read 2$/);
    client.resetAndDestroy();
    const exit = await server.exited;
    expect(exit.stderr).toEqual([
      `error: the connection from 127.0.0.1:${clientPort} was reset: the client closed it abruptly`,
    ]);
    expect(exit.code).toBe(1);
  });
});
