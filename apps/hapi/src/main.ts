// `pnpm --filter ./apps/hapi start`: the hapi sample app, configured from the environment.
import { startHapiApp } from './start.js';

const app = await startHapiApp({
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  host: process.env.HOST || undefined,
  databaseUrl: process.env.DATABASE_URL || undefined,
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
