// Prints the closing line CI reads: "tests: N passed, N failed[, N skipped]".
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
const suffix = skipped > 0 ? `, ${skipped} skipped` : "";
if (report.numFailedTestSuites > 0) {
  console.log(`${report.numFailedTestSuites} test file(s) failed to run`);
}
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${suffix}`);
