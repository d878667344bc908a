// Plain JavaScript: vitest loads config files with Node itself, which cannot read .ts from a package.
import { defineConfig } from "vitest/config";

/**
 * The vitest config every lesson uses. Tests start real servers and real processes, so they
 * get generous timeouts (this machine may be busy); no test waits a fixed time instead of
 * waiting for what it needs. The JSON report lets CI count tests across packages.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: "vitest-report.json" },
  },
});
