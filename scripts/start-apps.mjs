// `pnpm start`: the sample API on Koa (port 3001) and hapi (port 3002), each on its own embedded
// PGlite database under .data/, after `turbo run build` has built them. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apps = [
  { name: 'koa', port: 3001 },
  { name: 'hapi', port: 3002 },
].filter((app) => existsSync(`${root}apps/${app.name}/dist/main.js`));

const children = apps.map(({ name, port }) =>
  spawn(process.execPath, ['dist/main.js'], {
    cwd: `${root}apps/${name}`,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(process.env[`${name.toUpperCase()}_PORT`] ?? port),
      DATA_DIR: `${root}.data/${name}`,
    },
  }),
);
console.log(
  `Starting ${apps.map(({ name, port }) => `${name} on http://127.0.0.1:${port}`).join(' and ')}.\n` +
    'Try: pnpm demo   (two clients edit the same article; the second gets 412, re-reads, merges)',
);
let exiting = false;
const stop = (signal) => {
  if (exiting) return;
  exiting = true;
  for (const child of children) child.kill(signal);
};
process.on('SIGINT', () => stop('SIGTERM'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const child of children) {
  child.on('exit', (code) => {
    if (!exiting && code !== 0) {
      console.error(`an app exited with code ${code}; stopping the others`);
      stop('SIGTERM');
      process.exitCode = 1;
    }
  });
}
