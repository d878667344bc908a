// web1 in a real browser: headless Chromium (the system's, driven by playwright-core) asks the
// real server, started by its start:server script, for the page.
import path from "node:path";
import { killLeftoverProcesses, LessonProcess } from "@socket-lessons/testing";
import { launchChromium, noBrowser } from "@socket-lessons/testing/browser";
import { startWeather } from "@socket-lessons/weather";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");

if (noBrowser !== undefined) console.log(`skipped: the browser tests (${noBrowser})`);

// A browser and the real server start once for the file; a page through --slice 1 is slow.
describe.skipIf(noBrowser !== undefined)("web1 in headless Chromium", { timeout: 90_000 }, () => {
  let browser: Browser;
  let server: LessonProcess;
  let port: number;
  beforeAll(async () => {
    server = new LessonProcess(lessonDir, "start:server", ["--port", "0"], { direct: true });
    [browser, port] = await Promise.all([launchChromium(), server.listeningPort()]);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    killLeftoverProcesses();
  });

  it("the page shows the request the browser sent: its method, its Host, its own User-Agent", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://127.0.0.1:${port}/`);
    expect(response?.status()).toBe(200);
    const shown = (await page.textContent("pre")) ?? "";
    expect(shown.split("\n")[0]).toBe("GET / HTTP/1.1");
    expect(shown).toContain(`Host: 127.0.0.1:${port}`);
    expect(shown).toContain(`User-Agent: ${await page.evaluate("navigator.userAgent")}`);
    await page.close();
    await server.waitForLine(/: GET \/ HTTP\/1\.1 → 200 OK$/);
  });

  it("through pnpm weather --slice 1, the page is whole and says its head came in many reads", async () => {
    const weather = await startWeather({ to: { host: "127.0.0.1", port }, slice: 1, seed: 7 }, { error: () => {} });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`http://127.0.0.1:${weather.address.port}/`);
      expect(response?.status()).toBe(200);
      const text = (await page.textContent("body")) ?? "";
      expect(text).toContain(`Host: 127.0.0.1:${weather.address.port}`);
      expect(Number(/arrived in (\d+) reads/.exec(text)?.[1])).toBeGreaterThan(100);
      await page.close();
    } finally {
      await weather.close();
    }
  });
});

describe.runIf(noBrowser !== undefined && process.env.CI === "true")("web1 in a browser, in CI", () => {
  it("needs a Chromium: .ci/run installs Debian's", () => {
    throw new Error(`the browser tests cannot run: ${noBrowser}`);
  });
});
