import path from "node:path";
import { canSignal, killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

// Each test starts several processes through tsx: on a busy machine that takes a while.
describe("the web1 scripts, run as a student runs them", { timeout: 90_000 }, () => {
  it.skipIf(!canSignal)(
    "the client prints the status line, headers, an empty line and the page; SIGINT stops the server with 0",
    async () => {
      const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
      const port = await server.listeningPort();
      const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port), "/"]);
      expect(client.code).toBe(0);
      expect(client.stdout[0]).toBe("HTTP/1.1 200 OK");
      const blank = client.stdout.indexOf("");
      expect(client.stdout.slice(1, blank)).toEqual([
        expect.stringMatching(/^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/),
        "Content-Type: text/html; charset=utf-8",
        expect.stringMatching(/^Content-Length: \d+$/),
        "Connection: close",
      ]);
      expect(client.stdout).toContain(`Host: 127.0.0.1:${port}`);
      await server.waitForLine(/^client 1 \(127\.0\.0\.1:\d+\): GET \/ HTTP\/1\.1 → 200 OK$/);
      server.signal("SIGINT");
      expect((await server.exited).code).toBe(0);
    },
  );

  it("the client exits 1 for a 404 or a 405, and sends POST with --data", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = String(await server.listeningPort());
    const missing = await runLessonScript(lessonDir, "start:client", ["--port", port, "/nothing"], { direct: true });
    expect(missing.code).toBe(1);
    expect(missing.stdout[0]).toBe("HTTP/1.1 404 Not Found");
    const posted = await runLessonScript(lessonDir, "start:client", ["/", "--port", port, "--data", "a=1"], {
      direct: true,
    });
    expect(posted.code).toBe(1);
    expect(posted.stdout).toContain("Allow: GET, HEAD");
    await server.waitForLine(/POST \/ HTTP\/1\.1 → 405 Method Not Allowed$/);
    const head = await runLessonScript(lessonDir, "start:client", ["HEAD", "/", "--port", port], { direct: true });
    expect(head.code).toBe(0);
    expect(head.stdout.at(-1)).toBe("");
    server.signal("SIGKILL");
  });

  it("the client with no server says the connection was refused, and exits 1", async () => {
    const client = await runLessonScript(lessonDir, "start:client", ["--port", "1", "/"], { direct: true });
    expect(client.code).toBe(1);
    expect(client.stderr.join("\n")).toMatch(/refused.*is the server running\?/);
  });

  it.each([
    [["nothing"], /PATH must start with \//],
    [["GET", "/", "/more"], /unexpected argument "\/more"/],
    [["/", "--data", "a", "--json", "{}"], /choose one/],
    [["/", "--nope"], /unknown option --nope/],
  ])("the client refuses %j with exit 2 and its usage", async (args, message) => {
    const client = await runLessonScript(lessonDir, "start:client", args, { direct: true });
    expect(client.code).toBe(2);
    expect(client.stderr.join("\n")).toMatch(message);
    expect(client.stderr.join("\n")).toContain("usage:");
  });
});
