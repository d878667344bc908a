import { execFile } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { canSignal, hasPython3, killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the echo scripts, run as a student runs them", () => {
  it("start:server and start:client talk to each other", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port), "--message", "hi there"]);
    expect(client).toMatchObject({ code: 0, stdout: ["hi there"], stderr: [] });
    server.signal("SIGINT");
    await server.exited;
  });

  it.skipIf(!hasPython3() || !canSignal)("a Python socket client gets its bytes back", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const python = [
      "import socket, sys",
      `s = socket.create_connection(("127.0.0.1", ${port}))`,
      's.sendall(b"Hello, world")',
      "s.shutdown(socket.SHUT_WR)",
      'data = b""',
      "while chunk := s.recv(1): data += chunk",
      "sys.stdout.write(data.decode())",
    ].join("\n");
    const { stdout } = await promisify(execFile)("python3", ["-c", python]);
    expect(stdout).toBe("Hello, world");
    server.signal("SIGTERM");
    expect((await server.exited).code).toBe(0);
  });

  it.skipIf(!canSignal)("on SIGINT the server ends a connected client's connection and exits 0", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const client = net.connect(port, "127.0.0.1");
    client.on("error", () => {});
    client.resume();
    await server.waitForLine(/^client connected from/);
    const ended = once(client, "end");
    server.signal("SIGINT");
    await ended;
    expect((await server.exited).code).toBe(0);
    client.destroy();
  });

  it("--trace shows each chunk the client writes and reads, as hex and text", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const client = await runLessonScript(
      lessonDir,
      "start:client",
      ["--port", String(port), "--message", "hi", "--trace"],
      {
        direct: true,
      },
    );
    expect(client.stderr).toEqual([
      `[trace] wrote 2 bytes to 127.0.0.1:${port}`,
      expect.stringMatching(/^ {2}0000 {2}68 69 .*\|hi\|$/),
      `[trace] sent FIN to 127.0.0.1:${port}: we will send nothing more`,
      `[trace] read 2 bytes from 127.0.0.1:${port}`,
      expect.stringMatching(/^ {2}0000 {2}68 69 .*\|hi\|$/),
      `[trace] 127.0.0.1:${port} sent FIN: it will send nothing more`,
    ]);
    server.signal("SIGTERM");
    await server.exited;
  });

  it("a second server on a taken port says so in one line and exits 1", async () => {
    const first = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await first.listeningPort();
    const second = await runLessonScript(lessonDir, "start:server", ["--port", String(port)], { direct: true });
    expect(second.code).toBe(1);
    expect(second.stderr).toEqual([
      `error: 127.0.0.1:${port} is already in use: another program is listening there. Stop it, or choose another port with --port`,
    ]);
    first.signal("SIGTERM");
    await first.exited;
  });

  it("the client with no server says the connection was refused and exits 1", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--port", "1"], { direct: true });
    expect(client.code).toBe(1);
    expect(client.stderr).toEqual([
      "error: connection to 127.0.0.1:1 was refused: is the server running? Start it first, or check --host and --port",
    ]);
  });

  it("a bad --port is a usage error: exit 2, naming the flag", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--port", "70000"], { direct: true });
    expect(client.code).toBe(2);
    expect(client.stderr[0]).toBe('error: --port must be a whole number from 1 to 65535, got "70000"');
    expect(client.stderr).toContain("usage: pnpm --filter echo start:client -- [options]");
  });
});
