// Sums the vitest JSON reports of every workspace package into the one line CI reads:
// `N passed, N failed`. A package with a test script but no report counts as one failure,
// so a crashed or missing run can never look green.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const clean = process.argv.includes('--clean');
// The test runner's own exit status (`$?` of turbo): non-zero also when every counted test passed but
// a run failed otherwise (an unhandled error, a type error in a file under test, a crashed build).
const runnerStatus = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 0);
let passed = 0;
let failed = 0;
for (const group of ['packages', 'harnesses', 'sample-api', 'apps']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const manifest = join(dir, name, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
    const report = join(dir, name, 'test-results.json');
    if (clean) {
      rmSync(report, { force: true });
      continue;
    }
    if (!existsSync(report)) {
      console.log(`${group}/${name}: no test report (the test run did not finish)`);
      failed += 1;
      continue;
    }
    const result = JSON.parse(readFileSync(report, 'utf8'));
    // A file that fails to load has no tests but is a failed suite: count it too.
    const brokenFiles = (result.testResults ?? []).filter(
      (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
    ).length;
    passed += result.numPassedTests;
    failed += result.numFailedTests + brokenFiles;
    console.log(
      `${group}/${name}: ${result.numPassedTests} passed, ${result.numFailedTests + brokenFiles} failed`,
    );
  }
}
if (clean) process.exit(0);
if (runnerStatus !== 0 && failed === 0) {
  console.log(
    `the test run exited with status ${runnerStatus} although no test failed: see the errors above`,
  );
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
