// Sums the JSON reports vitest wrote in each package (see packages/testing's vitest config)
// into the one line CI reads: `tests: N passed, N failed`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
for (const group of ["apps", "packages"]) {
  for (const name of readdirSync(group)) {
    const report = path.join(group, name, "vitest-report.json");
    if (!existsSync(report)) continue;
    const counts = JSON.parse(readFileSync(report, "utf8"));
    passed += counts.numPassedTests;
    failed += counts.numFailedTests;
    // A test file that could not even load counts as a failure too.
    failed += (counts.testResults ?? []).filter(
      (file) => file.status === "failed" && file.assertionResults.length === 0,
    ).length;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
