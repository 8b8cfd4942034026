import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startExpressApp } from './start.js';

defineContractOnPGliteAndPostgres('express', (storage) =>
  startExpressApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
);
