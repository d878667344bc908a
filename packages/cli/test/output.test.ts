import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Real OS pipes, read by this test process. Each case is a tiny program that uses the module.
const outputModule = path.resolve(import.meta.dirname, "../src/output.ts");

function program(body: string): string[] {
  const code = `import { exitWhenWritten, stopQuietlyWhenOutputCloses } from ${JSON.stringify(outputModule)};\n${body}`;
  return ["--import", "tsx", "--input-type=module", "-e", code];
}

describe("exitWhenWritten", () => {
  it("lets 4 MiB written to a slowly read pipe arrive whole before the program exits", async () => {
    const child = spawn(
      process.execPath,
      program(`const line = "x".repeat(1023) + "\\n";
for (let i = 0; i < 4096; i++) process.stdout.write(line);
await exitWhenWritten(0);`),
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let received = 0;
    child.stdout.pause();
    // Read slowly: a chunk at a time, giving the writer every chance to exit too early.
    const readSlowly = (async () => {
      for await (const chunk of child.stdout) {
        received += (chunk as Buffer).length;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const [code] = await once(child, "close");
    await readSlowly;
    expect(code).toBe(0);
    expect(received).toBe(4096 * 1024);
  });
});

describe("stopQuietlyWhenOutputCloses", () => {
  it("stops at once and says nothing when the reader leaves (| head -1)", async () => {
    const child = spawn(
      process.execPath,
      program(`stopQuietlyWhenOutputCloses();
setInterval(() => process.stdout.write("line\\n".repeat(1000)), 1);`),
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await once(child.stdout, "data");
    child.stdout.destroy(); // the reader leaves, as `head -1` does after its line
    const [code] = await once(child, "close");
    expect(code).toBe(141);
    expect(stderr).toBe("");
  });
});
