import { fileURLToPath } from 'node:url';
import { defineProcessContract } from '@precond/contract';

// Runs `next start` on the production build, as `pnpm start` does after building (turbo builds the
// app before its tests, see turbo.json here).
defineProcessContract({
  name: 'next',
  command: process.execPath,
  args: ['scripts/start.mjs'],
  cwd: fileURLToPath(new URL('..', import.meta.url)),
});
