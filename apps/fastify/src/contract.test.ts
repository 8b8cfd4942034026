import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startFastifyApp } from './start.js';

defineContractOnPGliteAndPostgres('fastify', (storage) =>
  startFastifyApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
);
