import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startHonoApp } from './start.js';

defineContractOnPGliteAndPostgres('hono', (storage) =>
  startHonoApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
);
