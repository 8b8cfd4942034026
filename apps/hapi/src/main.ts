// `pnpm --filter ./apps/hapi start`: the hapi sample app, configured from the environment.
import { databaseOptionsFromEnv } from '@precond/domain';
import { startHapiApp } from './start.js';

const app = await startHapiApp({
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  host: process.env.HOST || undefined,
  // DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS
  ...databaseOptionsFromEnv(process.env),
  dataDir: process.env.DATA_DIR || '.data/pglite',
});
console.log(
  `hapi sample API listening on ${app.baseUrl} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`,
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
