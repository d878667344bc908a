// web2 in a real browser: headless Chromium (the system's, driven by playwright-core) fills in
// the form of the real server, started by its start:server script.
import path from "node:path";
import { killLeftoverProcesses, LessonProcess } from "@socket-lessons/testing";
import { launchChromium, noBrowser } from "@socket-lessons/testing/browser";
import { startWeather } from "@socket-lessons/weather";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const lessonDir = path.resolve(import.meta.dirname, "..");

if (noBrowser !== undefined) console.log(`skipped: the browser tests (${noBrowser})`);

/** Fills in the page's form and submits it, as a person would; resolves once the next page has loaded. */
async function addProduct(page: Page, fields: { code: string; name: string; price: string; colors?: string }) {
  await page.fill('input[name="code"]', fields.code);
  await page.fill('input[name="name"]', fields.name);
  await page.fill('input[name="price"]', fields.price);
  await page.fill('input[name="colors"]', fields.colors ?? "");
  await Promise.all([page.waitForNavigation(), page.click("button")]);
}

// A browser and the real server start once for the file; a page through --slice 1 is slow.
describe.skipIf(noBrowser !== undefined)("web2 in headless Chromium", { timeout: 90_000 }, () => {
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

  it("the form adds a product, which then shows in the table", async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await addProduct(page, { code: "1", name: "Pão de queijo", price: "4.5", colors: "amarelo, branco" });
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`); // the 303 brought the browser back to the list
    expect(await page.locator("tbody tr").first().locator("td").allTextContents()).toEqual([
      "1",
      "Pão de queijo",
      "4.5",
      "amarelo, branco",
    ]);
    await page.close();
  });

  it("a product named <script>alert(1)</script> shows as text, and nothing runs", async () => {
    const page = await browser.newPage();
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await addProduct(page, { code: "2", name: "<script>alert(1)</script>", price: "1" });
    await expect(page.getByRole("cell", { name: "<script>alert(1)</script>" }).textContent()).resolves.toBe(
      "<script>alert(1)</script>",
    );
    await page.reload();
    expect(dialogs).toBe(0);
    await page.close();
  });

  it("a refused product shows the error on the page, with status 409", async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === "POST"),
      addProduct(page, { code: "1", name: "Again", price: "1" }),
    ]);
    expect(response.status()).toBe(409);
    expect(await page.getByRole("alert").textContent()).toBe("a product with code 1 already exists");
    await page.close();
  });

  it("through pnpm weather --slice 1, the form still adds a product and the table shows it", async () => {
    const weather = await startWeather({ to: { host: "127.0.0.1", port }, slice: 1, seed: 3 }, { error: () => {} });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${weather.address.port}/`);
      await addProduct(page, { code: "3", name: "Caneta", price: "2" });
      expect(await page.getByRole("cell", { name: "Caneta" }).count()).toBe(1);
      await page.close();
    } finally {
      await weather.close();
    }
  });
});

describe.runIf(noBrowser !== undefined && process.env.CI === "true")("web2 in a browser, in CI", () => {
  it("needs a Chromium: .ci/run installs Debian's", () => {
    throw new Error(`the browser tests cannot run: ${noBrowser}`);
  });
});
