// `pnpm start`: the sample API on Koa (3001), hapi (3002), Next.js App Router (3003), Pages Router
// (3004), Express (3005), Fastify (3006) and Hono (3007, on @hono/node-server), each on its own embedded PGlite database under .data/, after `turbo run build` has built
// them. Ctrl-C stops them all.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apps = [
  { name: 'koa', port: 3001, entry: 'dist/main.js' },
  { name: 'hapi', port: 3002, entry: 'dist/main.js' },
  { name: 'next', port: 3003, entry: 'scripts/start.mjs', built: '.next/BUILD_ID' },
  { name: 'next-pages', port: 3004, entry: 'scripts/start.mjs', built: '.next/BUILD_ID' },
  { name: 'express', port: 3005, entry: 'dist/main.js' },
  { name: 'fastify', port: 3006, entry: 'dist/main.js' },
  { name: 'hono', port: 3007, entry: 'dist/main.js' },
].filter((app) => existsSync(`${root}apps/${app.name}/${app.built ?? app.entry}`));

const children = apps.map(({ name, port, entry }) =>
  spawn(process.execPath, [entry], {
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
  `Starting ${apps.map(({ name, port }) => `${name} on http://127.0.0.1:${port}`).join(', ')}.\n` +
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
