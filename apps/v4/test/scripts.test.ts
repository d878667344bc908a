import path from "node:path";
import { killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the v4 scripts, run as a student runs them", () => {
  it("the piped client adds and lists through start:client; the server exits 0 after quit", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port)], {
      stdin: 'add 1 "Blue pen" 2.5 blue,black\nlist\nquit\n',
    });
    expect(client).toMatchObject({
      code: 0,
      stdout: [
        "added product 1: Blue pen",
        "code  name      price  colors",
        "   1  Blue pen    2.5  blue, black",
        "bye",
      ],
      stderr: [],
    });
    expect(await server.exited).toMatchObject({ code: 0, stdout: [`listening on 127.0.0.1:${port}`] });
  });

  it("a refused command makes the piped client exit 1", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port)], {
      stdin: "get 1\nquit\n",
      direct: true,
    });
    expect(client.code).toBe(1);
    expect(client.stderr).toEqual(['error: unknown command "get": try add, list, quit']);
    await server.exited;
  });
});
