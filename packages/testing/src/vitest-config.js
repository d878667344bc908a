// Plain JavaScript: vitest loads config files with Node itself, which cannot read .ts from a package.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * The vitest config every lesson uses. Tests start real servers and real processes, so they
 * get generous timeouts (this machine may be busy); no test waits a fixed time instead of
 * waiting for what it needs. The JSON report lets CI count tests across packages.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Test files side by side, two at least: most of a test is waiting on sockets and on the
    // processes it started, so even a 2-core machine (where vitest would run one file at a
    // time) gets through them sooner two at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "vitest-report.json" },
  },
});
