// `pnpm --filter ./apps/hono start`: the Hono sample app, configured from the environment (PORT, HOST,
// DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS), stopped by SIGTERM or SIGINT.
import { serveFromEnv } from '@precond/domain';
import { startHonoApp } from './start.js';

await serveFromEnv('hono', startHonoApp);
