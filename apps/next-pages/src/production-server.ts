/**
 * Serving the production build (`.next`, made by `next build` before the tests) the way
 * `pnpm start` does, for the tests: `scripts/start.mjs` on a free port.
 *
 * @module
 */

import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@precond/contract';
import { startServerProcess } from '@precond/contract';

const APP = fileURLToPath(new URL('..', import.meta.url));

/** Starts the production server with `env` (`DATA_DIR`, `DATABASE_URL`) added. */
export function startProductionServer(env: Readonly<Record<string, string>>): Promise<RunningServer> {
  return startServerProcess({ cwd: APP, args: ['scripts/start.mjs'], env, readyPath: '/api' });
}
