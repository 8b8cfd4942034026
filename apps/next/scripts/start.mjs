// `pnpm --filter ./apps/next start` runs this after the build: `next start` on PORT and HOST, stopped
// cleanly by SIGTERM or SIGINT. `next start` exits 143 (130) on those signals, as if killed by them;
// this launcher forwards the signal and exits 0 once the server has stopped, like the other apps.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const next = createRequire(import.meta.url).resolve('next/dist/bin/next');
const port = process.env.PORT || '3003';
const host = process.env.HOST || '127.0.0.1';
const stopWithLauncher = new URL('stop-with-launcher.mjs', import.meta.url).href;
const args = ['--import', stopWithLauncher, next, 'start', '--port', port, '--hostname', host];
const server = spawn(process.execPath, args, {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: 'inherit',
});

/** The exit codes of `next start` stopping on a signal: 128 + its number, or 0. */
const STOPPED = new Set([0, 130, 143]);
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
