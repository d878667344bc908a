import path from "node:path";
import {
  canSignal,
  hasProc,
  killLeftoverProcesses,
  LessonProcess,
  LineClient,
  residentBytes,
  runLessonScript,
  untilIdle,
} from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

describe("the v5 scripts, run as a student runs them", () => {
  it.skipIf(!canSignal)("three --simulate clients share the server's list; the server exits 0 on SIGINT", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const clients = await Promise.all(
      [1, 2, 3].map(() => runLessonScript(lessonDir, "start:client", ["--port", String(port), "--simulate", "3"])),
    );
    for (const client of clients) {
      expect(client.code).toBe(0);
      expect(client.stdout.filter((line) => line.startsWith("added product "))).toHaveLength(3);
      expect(client.stdout.at(-1)).toBe("bye");
    }
    // Each client's last list came after its own 3 adds, so it held at least those.
    const lastCounts = clients.map((client) => Number(/now has (\d+) products/.exec(client.stdout.at(-2) ?? "")?.[1]));
    expect(Math.min(...lastCounts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lastCounts)).toBe(9);
    server.signal("SIGINT");
    expect(await server.exited).toMatchObject({ code: 0 });
  });

  it.skipIf(!canSignal)("SIGINT with clients connected (one mid-line, one not reading) still exits 0", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    const midLine = await LineClient.connect(port);
    midLine.send('{"op":"li');
    const notReading = await LineClient.connect(port);
    notReading.socket.pause();
    notReading.send(`${'{"op":"list"}\n'.repeat(1000)}`);
    const idle = await LineClient.connect(port);
    await idle.ask({ op: "list" });
    server.signal("SIGINT");
    expect((await server.exited).code).toBe(0);
    await idle.closedByServer();
    for (const client of [midLine, notReading, idle]) client.destroy();
  });

  it.skipIf(!hasProc)("a client that never reads cannot make the server buffer its replies without bound", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = await server.listeningPort();
    // 1000 products of about 1 KB each: every list reply is about 1 MB.
    const filler = await LineClient.connect(port);
    for (let code = 1; code <= 1000; code++) {
      const colors = Array.from({ length: 16 }, (_, i) => `${"c".repeat(45)}${i}`);
      filler.request({ op: "add", product: { code, name: "n".repeat(200), price: 1, colors } });
    }
    for (let code = 1; code <= 1000; code++) await filler.reply();
    // Ask for 2000 lists (about 2 GB of replies) and read none of them.
    const greedy = await LineClient.connect(port);
    greedy.socket.pause();
    greedy.send('{"op":"list"}\n'.repeat(2000));
    await untilIdle(server.pid);
    const rss = residentBytes(server.pid);
    expect(rss).toBeLessThan(300 * 1024 * 1024);
    greedy.destroy();
    filler.destroy();
    server.signal("SIGTERM");
    expect((await server.exited).code).toBe(0);
  });
});
