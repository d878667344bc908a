import { afterEach } from "vitest";

type Cleanup = () => unknown;

/**
 * Things to undo after each test, newest first (a client before the server it talks to).
 * Call it at the top of a test file; each test calls `defer(() => socket.destroy())` for what
 * it opens, and nothing outlives the test, whether it passed or failed.
 */
export function useCleanup(): (cleanup: Cleanup) => void {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) await cleanup();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
