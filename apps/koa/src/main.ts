// `pnpm --filter ./apps/koa start`: the Koa sample app, configured from the environment.
import { databaseOptionsFromEnv } from '@precond/domain';
import { startKoaApp } from './start.js';

const app = await startKoaApp({
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  host: process.env.HOST || undefined,
  // DATABASE_URL, DATA_DIR, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS
  ...databaseOptionsFromEnv(process.env),
  dataDir: process.env.DATA_DIR || '.data/pglite',
});
console.log(
  `koa sample API listening on ${app.baseUrl} (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`,
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
