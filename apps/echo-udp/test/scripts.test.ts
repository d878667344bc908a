import path from "node:path";
import { canSignal, killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the echo-udp scripts, run as a student runs them", () => {
  it.skipIf(!canSignal)(
    "start:server and start:client exchange a datagram; the server exits 0 on SIGTERM",
    async () => {
      const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
      const port = await server.listeningPort();
      const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port), "--message", "über"]);
      expect(client).toMatchObject({ code: 0, stdout: ["über"], stderr: [] });
      server.signal("SIGTERM");
      expect((await server.exited).code).toBe(0);
    },
  );

  it("a message too large for a datagram is a usage error (exit 2)", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--message", "x".repeat(70_000)], {
      direct: true,
    });
    expect(client.code).toBe(2);
    expect(client.stderr[0]).toBe("error: --message is 70000 bytes; one UDP datagram over IPv4 carries at most 65507");
  });

  it("with no server, the client says its datagram was refused, without talking of a connection, and exits 1", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--port", "1"], { direct: true });
    expect(client.code).toBe(1);
    expect(client.stderr).toEqual([
      'error: the datagram to 127.0.0.1:1 was refused (the host answered "port unreachable"): is the server running? Start it first, or check --host and --port',
    ]);
  });

  it("--help words the timeout for datagrams", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--help"], { direct: true });
    expect(client.code).toBe(0);
    expect(client.stdout.join("\n")).toMatch(/--timeout MS +milliseconds to wait for an answer to each datagram/);
    expect(client.stdout.join("\n")).not.toMatch(/connection/);
  });

  it.skipIf(!canSignal)("--trace on the server shows each datagram in and out, with the sender's address", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0", "--trace"], { direct: true });
    const port = await server.listeningPort();
    await runLessonScript(lessonDir, "start:client", ["--port", String(port), "--message", "hi"], { direct: true });
    await server.waitForLine(/^listening/);
    server.signal("SIGTERM");
    const { stderr } = await server.exited;
    expect(stderr.filter((line) => line.startsWith("[trace]"))).toEqual([
      expect.stringMatching(/^\[trace\] read 2 bytes from 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^\[trace\] wrote 2 bytes to 127\.0\.0\.1:\d+$/),
    ]);
  });
});
