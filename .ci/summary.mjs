// The counts of one test pass (vitest's JSON report), or with --all the totals of every pass and then what
// went wrong in each, last, so the end of a long log says why a run failed: a failed test, a file that failed
// to load or whose hooks failed (its tests then count as skipped, not failed), or a pass that exited non-zero
// with everything passing (an unhandled error).
//   node .ci/summary.mjs <report.json> <label> <exit code>   one pass; remembered in .ci/out/passes.txt
//   node .ci/summary.mjs --all                               the totals, then every failure
import fs from "node:fs";

const OUT = ".ci/out";
const PASSES = `${OUT}/passes.txt`;
const firstLines = (text, n) =>
  String(text ?? "")
    .split("\n")
    .slice(0, n)
    .map((line) => `      ${line}`)
    .join("\n");

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function counts(report) {
  return {
    passed: report?.numPassedTests ?? 0,
    failed: report?.numFailedTests ?? 0,
    skipped: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
    // Files, not suites: vitest counts every describe block as a suite.
    failedFiles: (report?.testResults ?? []).filter((file) => file.status === "failed").length,
  };
}

function failures(report) {
  const lines = [];
  for (const file of report?.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    if (file.status !== "failed" && failedTests.length === 0) continue;
    lines.push(`    ${file.name}`);
    if (file.message) lines.push(firstLines(file.message, 12));
    for (const test of failedTests) {
      lines.push(`    x ${test.fullName ?? test.title}`);
      lines.push(firstLines((test.failureMessages ?? []).join("\n"), 12));
    }
  }
  return lines;
}

if (process.argv[2] === "--all") {
  const passes = fs.existsSync(PASSES)
    ? fs
        .readFileSync(PASSES, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const total = { passed: 0, failed: 0, skipped: 0 };
  const problems = [];
  for (const pass of passes) {
    const report = readReport(pass.file);
    const c = counts(report);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (pass.code === 0 && report) continue;
    problems.push(`  ${pass.label}: exit code ${pass.code}${report ? "" : ", no report written"}`);
    if (report && c.failed === 0 && c.failedFiles === 0)
      problems.push("    every test passed: look above for an unhandled error or a worker that died");
    problems.push(...failures(report));
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (problems.length) console.log(["what failed:", ...problems].join("\n"));
} else {
  const [file, label, code] = process.argv.slice(2);
  const report = readReport(file);
  const c = counts(report);
  const files = c.failedFiles ? `, ${c.failedFiles} file${c.failedFiles === 1 ? "" : "s"} failed` : "";
  const exit = Number(code) ? ` (exit code ${code})` : "";
  console.log(`${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${files}${exit}`);
  fs.appendFileSync(PASSES, `${JSON.stringify({ file, label, code: Number(code) })}\n`);
}
