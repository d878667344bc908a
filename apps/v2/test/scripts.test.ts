import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { hasPython3, killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the v2 scripts, run as a student runs them", () => {
  it("start:server and start:client shake hands, and both exit 0", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port)]);
    expect(client).toMatchObject({ code: 0, stdout: ["server says: Hello from the server!"], stderr: [] });
    expect(await server.exited).toMatchObject({
      code: 0,
      stdout: [`listening on 127.0.0.1:${port}`, "client says: Hello from the client!"],
      stderr: [],
    });
  });

  it.skipIf(!hasPython3())("a Python client reading and writing 1 byte at a time completes the handshake", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const python = [
      "import socket, sys",
      `s = socket.create_connection(("127.0.0.1", ${port}))`,
      'greeting = b""',
      'while not greeting.endswith(b"\\n"): greeting += s.recv(1)',
      'for byte in "Olá from Python\\n".encode(): s.send(bytes([byte]))',
      "s.shutdown(socket.SHUT_WR)",
      "while s.recv(1): pass",
      "sys.stdout.write(greeting.decode())",
    ].join("\n");
    const { stdout } = await promisify(execFile)("python3", ["-c", python]);
    expect(stdout).toBe("Hello from the server!\n");
    expect(await server.exited).toMatchObject({
      code: 0,
      stdout: [expect.any(String), "client says: Olá from Python"],
    });
  });

  it("a client that leaves without a line makes the server exit 1 with one clear line", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const net = await import("node:net");
    const client = net.connect(port, "127.0.0.1");
    client.on("data", () => client.end());
    expect(await server.exited).toMatchObject({
      code: 1,
      stderr: ["error: the client closed the connection without sending a line"],
    });
  });

  it("a --message with a line break is a usage error (exit 2)", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--message", "two\nlines"], { direct: true });
    expect(client.code).toBe(2);
    expect(client.stderr[0]).toBe("error: --message must be one line: a line break would end the message early");
  });

  it("a client whose server never answers times out in one line, exit 1", async () => {
    const net = await import("node:net");
    const silent = net.createServer((socket) => socket.resume()).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const { port } = silent.address() as { port: number };
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port), "--timeout", "300"], {
      direct: true,
    });
    silent.close();
    expect(client).toMatchObject({
      code: 1,
      stderr: ["error: timed out after 300 ms waiting for the server's greeting"],
    });
  });
});
