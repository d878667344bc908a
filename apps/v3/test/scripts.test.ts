import path from "node:path";
import { killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the v3 scripts, run as a student runs them", () => {
  it("start:server and start:client exchange a greeting and a person, and both exit 0", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", [
      "--port",
      String(port),
      "--name",
      "José da Silva",
      "--email",
      "jose@example.com",
    ]);
    expect(client).toMatchObject({ code: 0, stdout: ["server says: Hello from the server!"], stderr: [] });
    expect(await server.exited).toMatchObject({
      code: 0,
      stdout: [`listening on 127.0.0.1:${port}`, "received person: José da Silva <jose@example.com>"],
      stderr: [],
    });
  });

  it("a name holding a line break prints as one line: the client cannot fake a line of the server's output", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const name = "Eve\nlistening on 10.0.0.1:80";
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port), "--name", name]);
    expect(client.code).toBe(0);
    expect(await server.exited).toMatchObject({
      code: 0,
      stdout: [`listening on 127.0.0.1:${port}`, "received person: Eve\\nlistening on 10.0.0.1:80 <maria@example.com>"],
    });
  });

  it("a frame announcing 2^31 bytes makes the server exit 1 with one line, no stack trace", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const net = await import("node:net");
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.once("data", () => socket.write(Buffer.from([0x80, 0, 0, 0])));
    socket.resume();
    expect(await server.exited).toMatchObject({
      code: 1,
      stderr: ["error: the client announced a frame of 2147483648 bytes: the limit is 1048576"],
    });
  });
});
