// The launcher both Next.js apps start with (`apps/next/scripts/start.mjs`,
// `apps/next-pages/scripts/start.mjs`, run by `pnpm start` after the build): `next start` on PORT
// and HOST, stopped cleanly by SIGTERM or SIGINT. `next start` exits 143 (130) on those signals, as
// if killed by them; this launcher forwards the signal and exits 0 once the server has stopped, like
// the other apps.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The exit codes of `next start` stopping on a signal: 128 + its number, or 0. */
const STOPPED = new Set([0, 130, 143]);

/**
 * Runs `next start` for the app at `appDir` (a file URL of its directory) until a signal stops it.
 * @param {URL} appDir
 * @param {string} defaultPort - the port when PORT is not set
 * @param {readonly URL[]} [preloads] - modules the server process imports first (`--import`)
 */
export function startNextApp(appDir, defaultPort, preloads = []) {
  const next = createRequire(new URL('package.json', appDir)).resolve('next/dist/bin/next');
  const port = process.env.PORT || defaultPort;
  const host = process.env.HOST || '127.0.0.1';
  const stopWithLauncher = new URL('stop-with-launcher.mjs', import.meta.url).href;
  const requestGuards = ['origin-form-target.mjs', 'malformed-path-problem.mjs'].map(
    (name) => new URL(name, import.meta.url).href,
  );
  // Last, so that it wraps every listener the others wrap: a bad Host is answered before anything else.
  const hostCheck = new URL('require-valid-host.mjs', import.meta.url).href;
  const imports = [stopWithLauncher, ...requestGuards, ...preloads.map((url) => url.href), hostCheck].flatMap(
    (href) => ['--import', href],
  );
  const args = [...imports, next, 'start', '--port', port, '--hostname', host];
  const server = spawn(process.execPath, args, {
    cwd: fileURLToPath(appDir),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      server.kill(signal);
    });
  }
  server.on('exit', (code, signal) => {
    if (stopping && (signal !== null || STOPPED.has(code ?? 0))) process.exit(0);
    process.exit(code ?? 1);
  });
}
