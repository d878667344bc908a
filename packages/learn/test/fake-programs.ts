// Small student programs written on the fly, for the checker's own tests: each is a package
// with start:server / start:client scripts, in a temporary folder that borrows the echo
// lesson's installed packages (tsx for TypeScript, @socket-lessons/cli).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { weatherFor } from "../src/check-task.ts";
import { openWeather } from "../src/checker/open-weather.ts";
import type { RunChecksOptions } from "../src/checker/run-checks.ts";
import { temporaryPackage } from "../src/planted-bug.ts";

/** A package whose files are `files` (path → text), and whose scripts run `server` and `client`. */
export function fakePackage(
  files: Record<string, string>,
  scripts: { server?: string; client?: string } = {},
): { dir: string; remove(): void } {
  return temporaryPackage("echo", (dir) => {
    const manifest = {
      name: "fake",
      private: true,
      type: "module",
      scripts: {
        "start:server": scripts.server ?? "node --import tsx src/server.ts",
        "start:client": scripts.client ?? "node --import tsx src/client.ts",
      },
    };
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  });
}

/** A server that listens, prints its line, then does `then` (JavaScript, in the server's scope). */
export const listeningServer = (then = "") => `
import net from "node:net";
const server = net.createServer((socket) => { socket.on("error", () => {}); socket.pipe(socket); });
server.listen(0, "127.0.0.1", () => {
  console.log("listening on 127.0.0.1:" + server.address().port);
  ${then}
});
`;

export const options = (dir: string, extra: Partial<RunChecksOptions> = {}): RunChecksOptions => ({
  dir,
  seed: 1,
  calm: true,
  lang: "en",
  weather: weatherFor(1),
  openWeather,
  ...extra,
});
