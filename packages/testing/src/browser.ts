import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where Debian, Ubuntu and most Linux systems put a Chromium; SOCKET_LESSONS_CHROMIUM overrides (turbo passes SOCKET_LESSONS_* on to the tests). */
const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-headless-shell",
  "/usr/lib/chromium/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** The system's Chromium, if there is one (nothing is ever downloaded from a browser vendor). */
export const chromiumPath: string | undefined =
  process.env.SOCKET_LESSONS_CHROMIUM ?? CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));

/** Why the browser tests are skipped, or undefined when they can run. */
export const noBrowser: string | undefined =
  chromiumPath === undefined
    ? "no Chromium found: install one (`apt-get install chromium` on Debian and Ubuntu), or set SOCKET_LESSONS_CHROMIUM to one"
    : undefined;

/**
 * Headless Chromium, through playwright-core (which drives a browser it is given and downloads
 * none). The flags keep it to what a test needs: no sandbox (root in a container), no GPU, no
 * QUIC, no first-run page, no background fetching; playwright gives it a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error(noBrowser);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 30_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
