// web3 in a real browser: headless Chromium (the system's, driven by playwright-core) loads
// pages from the real server, started by its start:server script, over kept-alive connections;
// then the server is stopped with Ctrl-C (SIGINT) while the browser still holds them open.
import path from "node:path";
import { canSignal, killLeftoverProcesses, LessonProcess } from "@socket-lessons/testing";
import { launchChromium, noBrowser } from "@socket-lessons/testing/browser";
import { startWeather } from "@socket-lessons/weather";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");

if (noBrowser !== undefined) console.log(`skipped: the browser tests (${noBrowser})`);

/** The client number of each request the server logged: `client 3 (...): GET / HTTP/1.1 → 200 OK`. */
const servedBy = (lines: string[]) =>
  lines.flatMap((line) => /^client (\d+) \(.*\): \w+ \S+ HTTP\/1\.1 → /.exec(line)?.slice(1, 2) ?? []);

// A browser and the real server start once for the file; a page through --slice 1 is slow.
describe.skipIf(noBrowser !== undefined || !canSignal)("web3 in headless Chromium", { timeout: 90_000 }, () => {
  let browser: Browser;
  let server: LessonProcess;
  let port: number;
  beforeAll(async () => {
    // A long idle timeout: the browser's connections stay open until Ctrl-C.
    server = new LessonProcess(lessonDir, "start:server", ["--port", "0", "--idle-timeout", "300"], { direct: true });
    [browser, port] = await Promise.all([launchChromium(), server.listeningPort()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    killLeftoverProcesses();
  });

  it("through pnpm weather --slice 1, the page loads whole", async () => {
    const weather = await startWeather({ to: { host: "127.0.0.1", port }, slice: 1, seed: 4 }, { error: () => {} });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`http://127.0.0.1:${weather.address.port}/`);
      expect(response?.status()).toBe(200);
      expect(await page.textContent("h1")).toBe("Products");
      await page.close();
    } finally {
      await weather.close();
    }
  });

  it("several page loads are served on kept-alive connections", async () => {
    const page = await browser.newPage();
    const before = servedBy(server.stdout).length;
    for (const path of ["/", "/api/products", "/", "/"]) {
      const response = await page.goto(`http://127.0.0.1:${port}${path}`);
      expect(response?.headers()["keep-alive"]).toBe("timeout=300");
    }
    await server.waitForLine(/\/api\/products HTTP\/1\.1 → 200 OK$/);
    const clients = servedBy(server.stdout).slice(before);
    // Four loads and the favicon's requests, on fewer connections than requests.
    expect(clients.length).toBeGreaterThanOrEqual(4);
    expect(new Set(clients).size).toBeLessThan(clients.length);
  });

  it("Ctrl-C stops the server, exit 0, while the browser still holds its connections open", async () => {
    // The page stays open in the browser, its connections kept alive (and maybe one opened ahead).
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    expect(server.stderr.filter((line) => line.includes("idle"))).toEqual([]);
    server.signal("SIGINT");
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(exit.signal).toBeNull();
  });
});

describe.runIf(noBrowser !== undefined && process.env.CI === "true")("web3 in a browser, in CI", () => {
  it("needs a Chromium: .ci/run installs Debian's", () => {
    throw new Error(`the browser tests cannot run: ${noBrowser}`);
  });
});
