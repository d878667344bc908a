import { killLeftoverProcesses, LessonProcess, type LessonProcessOptions, useCleanup } from "@socket-lessons/testing";
import { afterAll, describe, expect, it } from "vitest";
import { lesson, lessonServer, PACKAGE_DIR, portIn, REPOSITORY_ROOT } from "./helpers.ts";

const defer = useCleanup();
afterAll(killLeftoverProcesses);

/** `pnpm nc ARGS` as the bin's own command line, without pnpm in between (faster). */
const nc = (args: string[], options: LessonProcessOptions = {}) =>
  new LessonProcess(PACKAGE_DIR, "nc", args, {
    ...options,
    command: [process.execPath, "--import", "tsx", "src/bin/nc.ts"],
  });

async function serverOf(name: string): Promise<number> {
  const { port, server } = await lessonServer(name);
  defer(async () => {
    server.signal("SIGTERM");
    await server.exited;
  });
  return port;
}

describe("pnpm nc, the command", () => {
  it("from the repository root, as a student types it: the echo comes back, -v tells the story, exit 0", async () => {
    const port = await serverOf("echo");
    const exit = await new LessonProcess(REPOSITORY_ROOT, "nc", ["-v", "127.0.0.1", String(port)], {
      command: ["pnpm", "nc"],
      stdin: "hello\nworld\n",
    }).exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toEqual(["hello", "world"]);
    expect(exit.stderr[0]).toBe(`nc: connected to 127.0.0.1:${port}`);
    expect(exit.stderr.slice(1).sort()).toEqual([
      `nc: 127.0.0.1:${port} sent FIN: it will send nothing more`,
      `nc: sent FIN to 127.0.0.1:${port}: we will send nothing more`,
    ]);
  });

  it("-u: each line goes to the echo-udp server and comes back; exit 0", async () => {
    const port = await serverOf("echo-udp");
    const exit = await nc(["-u", "127.0.0.1", String(port)], { stdin: "one\ntwo\n" }).exited;
    expect(exit).toMatchObject({ code: 0, stdout: ["one", "two"], stderr: [] });
  });

  it("-l: the v2 lesson's client gets stdin as its greeting, and its answer is printed; both exit 0", async () => {
    let listening: (line: string) => void = () => {};
    const said = new Promise<string>((resolve) => {
      listening = resolve;
    });
    const listener = nc(["-lv", "127.0.0.1", "0"], {
      stdin: "Hello from nc\n",
      onLine: (stream, line) => stream === "err" && line.startsWith("nc: listening on ") && listening(line),
    });
    const exitedEarly = listener.exited.then(() => {
      throw new Error(`nc exited before listening:\n${listener.describe()}`);
    });
    const port = portIn(await Promise.race([said, exitedEarly]));
    const client = await lesson("v2", "start:client", ["--port", String(port)]).exited;
    expect(client).toMatchObject({ code: 0, stdout: ["server says: Hello from nc"] });
    const exit = await listener.exited;
    // Nothing but the client's bytes on stdout: -v speaks on stderr.
    expect(exit).toMatchObject({ code: 0, stdout: ["Hello from the client!"] });
    expect(exit.stderr).toContainEqual(expect.stringMatching(/^nc: connection from 127\.0\.0\.1:\d+$/));
  });

  it("with no server, says the connection was refused in one line and exits 1", async () => {
    const exit = await nc(["127.0.0.1", "1"]).exited;
    expect(exit).toMatchObject({
      code: 1,
      stdout: [],
      stderr: [
        "error: connection to 127.0.0.1:1 was refused: is the server running? Start it first, or check HOST and PORT",
      ],
    });
  });

  it("a bad flag is a usage error: exit 2, naming the flag, then the usage", async () => {
    const exit = await nc(["-x", "127.0.0.1", "12000"]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr[0]).toBe("error: unknown option -x (--help lists the options)");
    expect(exit.stderr).toContain("usage: pnpm nc [-u] [-C] [-v] HOST PORT");
  });
});
