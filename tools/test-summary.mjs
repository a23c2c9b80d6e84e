// Prints the closing line CI reads: "tests: N passed, N failed[, N skipped]".
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
const suffix = skipped > 0 ? `, ${skipped} skipped` : "";
// A file that fails before any of its tests run (an import error, a failing hook) counts no test.
const unloaded = (report.testResults ?? []).filter(
  (file) => file.status === "failed" && (file.assertionResults ?? []).length === 0,
);
for (const file of unloaded) console.log(`failed to run: ${file.name}`);
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${suffix}`);
