// The programs `pnpm test` needs besides Node.js, installed when missing, so that the README's test
// command passes on a fresh machine: the PostgreSQL server programs (the throwaway servers) and
// Chromium (apps/next's editor test, harnesses/client-against-apps' browser-cache test). Debian's
// packages through apt-get, as root (or `sudo -n`).
// When everything is there it only looks, and exits 0 at once; it exits non-zero only when it could
// not install what is missing. `--dry-run` says what it would run, and runs nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dryRun = process.argv.includes('--dry-run');

/** Where the throwaway servers look: `PG_BIN_DIR`, else Debian's `/usr/lib/postgresql/<version>/bin`. */
function hasPostgres() {
  if (process.env.PG_BIN_DIR) return existsSync(join(process.env.PG_BIN_DIR, 'initdb'));
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return false;
  return readdirSync(root).some((version) => existsSync(join(root, version, 'bin', 'initdb')));
}

// The path the browser tests launch (apps/next/src/editor.e2e.test.ts,
// harnesses/client-against-apps/src/browser-cache.test.ts).
const hasChromium = () => existsSync('/usr/bin/chromium');

const wanted = [
  { name: 'postgresql', present: hasPostgres },
  { name: 'chromium', present: hasChromium },
];
const missing = wanted.filter((program) => !program.present()).map((program) => program.name);
if (missing.length === 0) process.exit(0);

function fail(reason) {
  console.error(
    `The tests need ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed, ` +
      `and ${reason}. Install ${missing.length === 1 ? 'it' : 'them'} with ` +
      `\`apt-get install -y ${missing.join(' ')}\` as root, then run the tests again.`,
  );
  process.exit(1);
}

if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) fail('this machine has no apt-get');
// The server programs refuse to run as root, but installing them needs it; throwaway-postgres then
// runs them as the `postgres` user the package creates.
const asRoot = process.getuid?.() === 0;
const sudo = !asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (!asRoot && !sudo && !dryRun) fail('installing needs root (or sudo without a password)');

const commands = [
  ['apt-get', 'update', '-qq'],
  ['apt-get', 'install', '-y', '-qq', ...missing],
].map((command) => (sudo ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', ...command] : command));

console.log(`Installing ${missing.join(' and ')} for the tests (apt-get)…`);
for (const [program, ...args] of commands) {
  if (dryRun) {
    console.log(`would run: ${[program, ...args].join(' ')}`);
    continue;
  }
  const run = spawnSync(program, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (run.status !== 0) fail(`\`${[program, ...args].join(' ')}\` failed (exit ${run.status ?? run.signal})`);
}
if (!dryRun) {
  const stillMissing = wanted.filter((program) => !program.present()).map((program) => program.name);
  if (stillMissing.length > 0)
    fail(`after apt-get, ${stillMissing.join(' and ')} is still not where the tests look`);
}
