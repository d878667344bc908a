import path from "node:path";
import { canSignal, killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

// Each test starts several processes through tsx: on a busy machine that takes a while.
describe("the web2 scripts, run as a student runs them", { timeout: 90_000 }, () => {
  it.skipIf(!canSignal)(
    "the client adds with --json and --data, lists, and exits 1 on a refusal; SIGINT stops the server with 0",
    async () => {
      const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
      const port = String(await server.listeningPort());
      const client = (...args: string[]) =>
        runLessonScript(lessonDir, "start:client", ["--port", port, ...args], { direct: true });
      const added = await client("/api/products", "--json", '{"code":1,"name":"Pão","price":2.5}');
      expect(added.code).toBe(0);
      expect(added.stdout[0]).toBe("HTTP/1.1 201 Created");
      expect(added.stdout).toContain("Location: /api/products/1");
      expect(added.stdout.at(-1)).toBe('{"ok":true,"product":{"code":1,"name":"Pão","price":2.5,"colors":[]}}');
      const form = await client("/", "--data", "code=2&name=Caderno&price=12.9&colors=azul");
      expect(form.code).toBe(0);
      expect(form.stdout[0]).toBe("HTTP/1.1 303 See Other");
      const duplicate = await client("POST", "/api/products", "--json", '{"code":1,"name":"Pão","price":2.5}');
      expect(duplicate.code).toBe(1);
      expect(duplicate.stdout[0]).toBe("HTTP/1.1 409 Conflict");
      const list = await runLessonScript(lessonDir, "start:client", ["--port", port, "/api/products"]); // through pnpm
      expect(JSON.parse(list.stdout.at(-1) ?? "").products.map((p: { code: number }) => p.code)).toEqual([1, 2]);
      await server.waitForLine(/: GET \/api\/products HTTP\/1\.1 → 200 OK$/);
      server.signal("SIGINT");
      expect((await server.exited).code).toBe(0);
    },
  );

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
