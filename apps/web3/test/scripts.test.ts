import path from "node:path";
import {
  canSignal,
  hasProc,
  killLeftoverProcesses,
  LessonProcess,
  RawHttpClient,
  residentBytes,
  runLessonScript,
  untilIdle,
} from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");
afterAll(killLeftoverProcesses);

// Each test starts several processes through tsx: on a busy machine that takes a while.
describe("the web3 scripts, run as a student runs them", { timeout: 90_000 }, () => {
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

  it("the client's --repeat 3 is served on one connection, and --pipeline too, and says so", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = String(await server.listeningPort());
    for (const extra of [[], ["--pipeline"]]) {
      const client = await runLessonScript(
        lessonDir,
        "start:client",
        ["--port", port, "/api/products", "--repeat", "3", ...extra],
        {
          direct: true,
        },
      );
      expect(client.code).toBe(0);
      const served = client.stdout.filter((line) => line.startsWith("* response "));
      expect(served).toEqual(
        [1, 2, 3].map((n) =>
          expect.stringMatching(
            new RegExp(`^\\* response ${n} of 3, on connection 1 \\(from 127\\.0\\.0\\.1:\\d+\\)$`),
          ),
        ),
      );
      expect(client.stdout.filter((line) => line === "Keep-Alive: timeout=5")).toHaveLength(3);
    }
    server.signal("SIGKILL");
  });

  it("when the server closes the connection (Connection: close), the client's next request goes on a new one", async () => {
    const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    const port = String(await server.listeningPort());
    const tooLong = `/${"a".repeat(9000)}`; // 414, and the server closes
    const client = await runLessonScript(lessonDir, "start:client", ["--port", port, tooLong, "--repeat", "2"], {
      direct: true,
    });
    expect(client.code).toBe(1);
    expect(client.stdout.filter((line) => line.startsWith("* response "))).toEqual([
      expect.stringMatching(/^\* response 1 of 2, on connection 1 /),
      expect.stringMatching(/^\* response 2 of 2, on connection 2 /),
    ]);
    expect(client.stdout.filter((line) => line === "HTTP/1.1 414 URI Too Long")).toHaveLength(2);
    server.signal("SIGKILL");
  });

  it.skipIf(!canSignal)(
    "SIGINT with an idle keep-alive connection open exits 0, and closes that connection",
    async () => {
      const server = new LessonProcess(lessonDir, "start:server", ["--port", "0", "--idle-timeout", "300"], {
        direct: true,
      });
      const port = await server.listeningPort();
      const kept = await RawHttpClient.connect(port);
      await kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      expect((await kept.response()).header("keep-alive")).toBe("timeout=300");
      const never = await RawHttpClient.connect(port);
      server.signal("SIGINT");
      expect(await kept.closed()).toBe("fin");
      expect(await never.closed()).toBe("fin");
      kept.end();
      never.end();
      expect((await server.exited).code).toBe(0);
    },
  );

  it.skipIf(!hasProc)(
    "a client that pipelines requests and never reads cannot make the server queue responses without bound",
    async () => {
      const server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
      const port = await server.listeningPort();
      const filler = await RawHttpClient.connect(port);
      for (let code = 1; code <= 300; code++) {
        const body = JSON.stringify({ code, name: "n".repeat(200), price: 1 });
        await filler.send(
          `POST /api/products HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
        expect((await filler.response()).status).toBe(201);
      }
      // 20,000 requests for the page (about 90 KB each: some 1.8 GB of responses), none read.
      const greedy = await RawHttpClient.connect(port);
      greedy.socket.pause();
      greedy.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20_000));
      await untilIdle(server.pid);
      expect(residentBytes(server.pid)).toBeLessThan(300 * 1024 * 1024);
      greedy.destroy();
      filler.destroy();
      server.signal("SIGKILL");
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
