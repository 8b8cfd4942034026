import { fileURLToPath } from 'node:url';
import { defineProcessContract } from '@precond/contract';

// Runs the built entry point (turbo builds the app before its tests, see turbo.json here).
defineProcessContract({
  name: 'hono',
  command: process.execPath,
  args: ['dist/main.js'],
  cwd: fileURLToPath(new URL('..', import.meta.url)),
});
