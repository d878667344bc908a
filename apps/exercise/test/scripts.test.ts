import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { canSignal, killLeftoverProcesses, LessonProcess, LineClient, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "socket-lessons-exercise-"));
afterAll(() => {
  killLeftoverProcesses();
  rmSync(dir, { recursive: true, force: true });
});

function serverOn(db: string): LessonProcess {
  return new LessonProcess(lessonDir, "start:server", ["--port", "0", "--db", db], { direct: true });
}

describe("the exercise scripts, run as a student runs them", () => {
  it.skipIf(!canSignal)("products survive a restart and a kill -9", async () => {
    const db = path.join(dir, "survives.db");
    const products = Array.from({ length: 5 }, (_, i) => ({ code: 5000 + i, name: `Item ${i}`, price: i, colors: [] }));

    const first = serverOn(db);
    const client = await LineClient.connect(await first.listeningPort());
    for (const product of products.slice(0, 3))
      expect(await client.ask({ op: "add", product })).toMatchObject({ ok: true });
    client.destroy();
    first.signal("SIGTERM");
    expect((await first.exited).code).toBe(0);

    const second = serverOn(db);
    const again = await LineClient.connect(await second.listeningPort());
    for (const product of products.slice(3))
      expect(await again.ask({ op: "add", product })).toMatchObject({ ok: true });
    // kill -9: no chance to close the database; what was committed must still be there.
    second.signal("SIGKILL");
    await second.exited;
    again.destroy();

    const third = serverOn(db);
    const last = await LineClient.connect(await third.listeningPort());
    const list = (await last.ask({ op: "list" })) as { products: Array<{ code: number }> };
    expect(list.products.slice(-5)).toEqual(products);
    expect(await last.ask({ op: "get", code: 5004 })).toEqual({ ok: true, product: products[4] });
    last.destroy();
    third.signal("SIGINT");
    expect((await third.exited).code).toBe(0);
  });

  it("start:client's get command, through pnpm, against start:server", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0", "--db", ":memory:"]);
    const port = await server.listeningPort();
    const client = await runLessonScript(lessonDir, "start:client", ["--port", String(port)], {
      stdin: "get 2\nquit\n",
    });
    expect(client.code).toBe(0);
    expect(client.stdout[1]).toMatch(/^ {3}2 {2}Caneta esferográfica preta/);
    server.signal("SIGINT");
    await server.exited;
  });

  it("a database in a folder that does not exist is one clear error, exit 1", async () => {
    const server = await runLessonScript(lessonDir, "start:server", ["--port", "0", "--db", "/no/such/folder/x.db"], {
      direct: true,
    });
    expect(server.code).toBe(1);
    expect(server.stderr).toHaveLength(1);
    expect(server.stderr[0]).toMatch(/^error: .*directory does not exist/);
  });
});
