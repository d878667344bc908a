// Output through real OS pipes: nothing printed is lost to a slow reader, and a reader that
// leaves early (`| head -1`) stops the program quietly, leaving no process behind.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { LessonProcess, LineClient, scriptCommand, signalTree, useCleanup } from "@socket-lessons/testing";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../src/lessons.ts";

const defer = useCleanup();
const lesson = (name: string) => path.join(REPOSITORY_ROOT, "apps", name);

/** A script's own `node ...` command, with this node, in its package's folder. */
function spawnScript(dir: string, script: string, args: readonly string[]): ChildProcess {
  const [, ...words] = scriptCommand(dir, script).split(" ");
  const child = spawn(process.execPath, [...words, ...args], {
    cwd: dir,
    stdio: ["pipe", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  defer(() => child.pid !== undefined && child.exitCode === null && signalTree(child.pid, "SIGKILL"));
  return child;
}

/** Reads a child's stdout slowly, one chunk per turn of the event loop, to the end. */
async function readSlowly(child: ChildProcess): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stdout = child.stdout;
  if (stdout === null) throw new Error("no stdout");
  for await (const chunk of stdout) {
    chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Buffer.concat(chunks);
}

/** Everything a child wrote on stderr. */
function stderrOf(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  return () => text;
}

/** Reads the first line, then closes the pipe, as `head -1` does. Resolves with that line. */
async function headOne(child: ChildProcess): Promise<string> {
  let text = "";
  const stdout = child.stdout;
  if (stdout === null) throw new Error("no stdout");
  while (!text.includes("\n")) {
    const [chunk] = (await once(stdout, "data")) as [Buffer];
    text += chunk.toString();
  }
  stdout.destroy();
  return text.slice(0, text.indexOf("\n"));
}

async function startServer(name: string, args: string[] = []): Promise<number> {
  const server = new LessonProcess(lesson(name), "start:server", ["--port", "0", ...args], { direct: true });
  defer(async () => {
    server.signal("SIGKILL");
    await server.exited;
  });
  return server.listeningPort();
}

describe("output through a pipe read slowly", () => {
  it("a v5 list of 20,000 products arrives whole, all 20,002 lines", async () => {
    const port = await startServer("v5");
    const filler = await LineClient.connect(port);
    defer(() => filler.destroy());
    const adds = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ op: "add", product: { code: i + 1, name: `Product ${i + 1}`, price: 1 } }),
    );
    filler.send(`${adds.join("\n")}\n`);
    for (let i = 0; i < adds.length; i++) await filler.reply();

    const client = spawnScript(lesson("v5"), "start:client", ["--port", String(port)]);
    client.stdin?.end("list\nquit\n");
    const output = await readSlowly(client);
    const [code] = await once(client, "close");
    expect(code).toBe(0);
    expect(output.toString().split("\n").filter(Boolean)).toHaveLength(20_002); // header, rows, "bye"
  });

  it("a 120 KB echo arrives whole", async () => {
    const port = await startServer("echo");
    const message = "x".repeat(120_000);
    const client = spawnScript(lesson("echo"), "start:client", ["--port", String(port), "--message", message]);
    const output = await readSlowly(client);
    expect(output.toString()).toBe(`${message}\n`);
  });
});

describe("a reader that leaves early (| head -1)", () => {
  it("stops the v5 client quietly in the middle of a long list", async () => {
    const port = await startServer("v5");
    const filler = await LineClient.connect(port);
    defer(() => filler.destroy());
    const adds = Array.from({ length: 20_000 }, (_, i) =>
      JSON.stringify({ op: "add", product: { code: i + 1, name: `P${i}`, price: 1 } }),
    );
    filler.send(`${adds.join("\n")}\n`);
    for (let i = 0; i < adds.length; i++) await filler.reply();
    const client = spawnScript(lesson("v5"), "start:client", ["--port", String(port)]);
    const stderr = stderrOf(client);
    client.stdin?.end("list\nquit\n");
    expect(await headOne(client)).toMatch(/^ *code {2}name +price {2}colors$/);
    const [code] = await once(client, "close");
    expect(code).toBe(141);
    expect(stderr()).toBe("");
  });

  it("stops lesson:diff quietly", async () => {
    const diff = spawnScript(REPOSITORY_ROOT, "lesson:diff", ["v3", "v4"]);
    const stderr = stderrOf(diff);
    expect(await headOne(diff)).toMatch(/^--- v3\//);
    await once(diff, "close");
    expect(stderr()).toBe("");
  });

  it("stops the demo quietly, and the demo's server with it", async () => {
    const demo = spawnScript(REPOSITORY_ROOT, "demo", ["v5"]);
    const stderr = stderrOf(demo);
    // Its second line is the server's listening line: read it, then leave.
    let text = "";
    const stdout = demo.stdout;
    if (stdout === null) throw new Error("no stdout");
    while (!/listening on .*:(\d+)\n/.test(text)) {
      const [chunk] = (await once(stdout, "data")) as [Buffer];
      text += chunk.toString();
    }
    const port = Number(/listening on .*:(\d+)\n/.exec(text)?.[1]);
    stdout.destroy();
    await once(demo, "close");
    expect(stderr()).not.toMatch(/\n\s+at /);
    // The demo's server is gone: its port refuses connections. (A probe may still catch it
    // in the moment it dies, and be reset: then look again, until the port refuses.)
    for (;;) {
      const probe = net.connect(port, "127.0.0.1");
      const [error] = (await once(probe, "error")) as [NodeJS.ErrnoException];
      if (error.code === "ECONNREFUSED") break;
      expect(error.code).toBe("ECONNRESET");
    }
  });
});
