// `npm test`: checks the system tools the tests need (installs them with apt-get where it can),
// builds, runs vitest, and prints a plain `N passed, N failed` line. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const CHROMIUM = process.env.TRACKWIRE_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = '.vitest-results.json';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing (the end-to-end tests drive it): installing it with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`The end-to-end tests need Chromium at ${CHROMIUM}. Install it with: sudo apt-get install chromium (or set TRACKWIRE_CHROMIUM to its path).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

ensureChromium();
if (run('npm', ['run', '--silent', 'build']) !== 0) {
  console.error('The build failed; no test was run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
if (run('npm', ['run', '--silent', 'typecheck']) !== 0) {
  console.error('Type check failed; no test was run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
rmSync(RESULTS, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}`, ...process.argv.slice(2)]);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(RESULTS)) {
  const r = JSON.parse(readFileSync(RESULTS, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load has no failed test of its own: count it.
  for (const s of r.testResults ?? []) if (s.status === 'failed' && (s.assertionResults ?? []).length === 0) failed++;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
