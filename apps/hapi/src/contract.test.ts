import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startHapiApp } from './start.js';

defineContractOnPGliteAndPostgres('hapi', (storage) =>
  startHapiApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
);
