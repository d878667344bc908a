import { spawnSync } from "node:child_process";

/**
 * What the machine running the tests can do. Windows has no signals to send to another
 * process (a kill is always abrupt), and only Linux has /proc for CPU and memory figures,
 * so the tests that need those say so and are skipped elsewhere.
 */
export const canSignal = process.platform !== "win32";
export const hasProc = process.platform === "linux";
let python3: boolean | undefined;
/**
 * A Python 3 to play the foreign client, as a student would with a Python socket script.
 * Asked only by the tests that need one, once: starting Python can take a second or more (a
 * version manager's shims), and every test file imports this module.
 */
export function hasPython3(): boolean {
  python3 ??= spawnSync("python3", ["--version"], { stdio: "ignore" }).status === 0;
  return python3;
}
