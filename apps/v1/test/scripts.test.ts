import path from "node:path";
import { killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the v1 scripts, run as a student runs them", () => {
  it("the client connects, and both exit 0", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port)]);
    expect(client).toMatchObject({ code: 0, stdout: [`connected to 127.0.0.1:${port}`], stderr: [] });
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toEqual([
      `listening on 127.0.0.1:${port}`,
      expect.stringMatching(/^client connected from 127\.0\.0\.1:\d+$/),
    ]);
  });

  it("an unknown host name is reported in one line, exit 1", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--host", "no-such-host.invalid"], {
      direct: true,
    });
    expect(client.code).toBe(1);
    expect(client.stderr).toEqual(['error: could not resolve host name "no-such-host.invalid": check --host']);
  });

  it("a server on an address this machine does not have says so, exit 1", async () => {
    const server = await runLessonScript(lessonDir, "start:server", ["--host", "192.0.2.1", "--port", "0"], {
      direct: true,
    });
    expect(server.code).toBe(1);
    expect(server.stderr).toEqual([
      "error: cannot use address 192.0.2.1: it is not an address of this machine. Try --host 127.0.0.1",
    ]);
  });
});
