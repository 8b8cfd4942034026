// `pnpm --filter ./apps/fastify start`: the Fastify sample app, configured from the environment (PORT, HOST,
// DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS), stopped by SIGTERM or SIGINT.
import { serveFromEnv } from '@precond/domain';
import { startFastifyApp } from './start.js';

await serveFromEnv('fastify', startFastifyApp);
