// Reads vitest's JSON report: fails when the PostgreSQL or browser suite did not run,
// and prints the closing "N passed, N failed, N skipped" line.
import fs from 'node:fs';

const file = process.argv[2];
if (!fs.existsSync(file)) {
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const cwd = process.cwd();
const count = { passed: 0, failed: 0, skipped: 0 };
const runsPerFile = new Map();
let browserPassed = 0;
for (const result of report.testResults) {
  const name = result.name.startsWith(cwd) ? result.name.slice(cwd.length + 1) : result.name;
  runsPerFile.set(name, (runsPerFile.get(name) ?? 0) + 1);
  for (const assertion of result.assertionResults) {
    if (assertion.status === 'passed') count.passed++;
    else if (assertion.status === 'failed') count.failed++;
    else count.skipped++;
    if (name.startsWith('e2e/') && assertion.status === 'passed') browserPassed++;
  }
}

const problems = [];
if (browserPassed === 0) problems.push('the browser suite ran no passing test');
// Every file under test/ runs once on SQLite and once on PostgreSQL.
const onlyOnce = [...runsPerFile].filter(([name, runs]) => name.startsWith('test/') && runs < 2).map(([name]) => name);
if (onlyOnce.length > 0) problems.push(`not run on both databases: ${onlyOnce.join(', ')}`);
if (count.skipped > 0) problems.push(`${count.skipped} test(s) skipped`);
for (const problem of problems) console.error(`CI: ${problem}`);

console.log(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
process.exit(problems.length > 0 || count.failed > 0 ? 1 : 0);
