import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { killLeftoverProcesses, LessonProcess, runLessonScript } from "@socket-lessons/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeAll, connect, readAll, startEchoServer, startUdpEchoServer, udpSocket } from "./helpers.ts";

const packageDir = path.resolve(import.meta.dirname, "..");
const repositoryRoot = path.resolve(packageDir, "../..");
/** The bin's own command line, without pnpm in between (pnpm does not pass signals on). */
const weatherCommand = [process.execPath, "--import", "tsx", "src/bin/weather.ts"];

/** `pnpm weather -- ARGS` as the bin itself, in its own process group (killed after the test). */
const weather = (args: string[]) => new LessonProcess(packageDir, "weather", args, { command: weatherCommand });
const runWeather = (args: string[]) => runLessonScript(packageDir, "weather", args, { command: weatherCommand });

afterEach(closeAll);
afterAll(killLeftoverProcesses);

describe("pnpm weather, the command", () => {
  it("from the repository root, prints `listening on` and then `seed N` first, and forwards", async () => {
    const echo = await startEchoServer();
    // pnpm prints nothing of its own here: the repository sets `reporter: silent`.
    const proxy = new LessonProcess(repositoryRoot, "weather", ["--to", `127.0.0.1:${echo}`, "--seed", "42"]);
    await proxy.waitForLine(/^seed /);
    expect(proxy.stdout.slice(0, 2)).toEqual([expect.stringMatching(/^listening on 127\.0\.0\.1:\d+$/), "seed 42"]);
    const client = await connect(await proxy.listeningPort());
    client.end("through the proxy");
    expect((await readAll(client)).toString()).toBe("through the proxy");
    proxy.signal("SIGTERM");
    await proxy.exited;
  });

  it("prints a random seed when none is given", async () => {
    const proxy = weather(["--to", "127.0.0.1:9"]);
    await proxy.waitForLine(/^seed /);
    expect(proxy.stdout[1]).toMatch(/^seed \d+$/);
    const seed = Number(proxy.stdout[1]?.slice("seed ".length));
    expect(seed).toBeLessThan(2 ** 32);
    proxy.signal("SIGTERM");
    expect((await proxy.exited).code).toBe(0);
  });

  it("prints an IPv6 address in brackets", async () => {
    const proxy = weather(["--to", "127.0.0.1:9", "--host", "::1"]);
    expect(await proxy.waitForLine(/^listening on /)).toMatch(/^listening on \[::1\]:\d+$/);
    proxy.signal("SIGTERM");
    expect((await proxy.exited).code).toBe(0);
  });

  it("exits 0 on SIGTERM, with a client connected", async () => {
    const echo = await startEchoServer();
    const proxy = weather(["--to", `127.0.0.1:${echo}`]);
    const client = await connect(await proxy.listeningPort());
    client.write("hello");
    await once(client, "data");
    proxy.signal("SIGTERM");
    expect(await proxy.exited).toMatchObject({ code: 0, stderr: [] });
  });

  it("refuses --loss without --udp: exit 2, and the reason", async () => {
    const exit = await runWeather(["--to", "127.0.0.1:9", "--loss", "0.1"]);
    expect(exit.code).toBe(2);
    expect(exit.stderr[0]).toBe(
      "error: --loss needs --udp: TCP never loses, duplicates or reorders bytes (it resends and puts them back in order), so a TCP proxy must not pretend it does. Over TCP, try --slice, --coalesce or --delay",
    );
    expect(exit.stdout).toEqual([]);
  });

  it("refuses a bad flag: exit 2, naming it, then the usage", async () => {
    const exit = await runWeather(["--to", "127.0.0.1:9", "--slise", "3"]);
    expect(exit.code).toBe(2);
    expect(exit.stderr[0]).toBe("error: unknown option --slise (--help lists the options)");
    expect(exit.stderr).toContain("usage: pnpm weather -- --to HOST:PORT [options]");
  });

  it("says in one line that a port is taken, and exits 1", async () => {
    const taken = net.createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as net.AddressInfo;
    try {
      const exit = await runWeather(["--to", "127.0.0.1:9", "--port", String(port)]);
      expect(exit.code).toBe(1);
      expect(exit.stderr).toEqual([
        `error: 127.0.0.1:${port} is already in use: another program is listening there. Stop it, or choose another port with --port`,
      ]);
    } finally {
      taken.close();
    }
  });

  it("loses none of a megabyte of --trace output through a pipe", async () => {
    const echo = await startUdpEchoServer();
    const proxy = weather(["--udp", "--to", `127.0.0.1:${echo.port}`, "--trace"]);
    const port = await proxy.listeningPort();
    const client = await udpSocket();
    // 250 datagrams of 1000 bytes, one at a time, each traced both ways (about 4 KB of dump per echo).
    const datagrams = 250;
    for (let i = 0; i < datagrams; i++) {
      client.send(Buffer.alloc(1000, i % 256), port, "127.0.0.1");
      await once(client, "message");
    }
    proxy.signal("SIGTERM");
    const exit = await proxy.exited;
    expect(exit.code).toBe(0);
    expect(exit.stderr.filter((line) => / client→server: 1000 bytes/.test(line))).toHaveLength(datagrams);
    expect(exit.stderr.filter((line) => / server→client: 1000 bytes/.test(line))).toHaveLength(datagrams);
    expect(exit.stderr.join("\n").length).toBeGreaterThan(1024 * 1024);
  });
});
