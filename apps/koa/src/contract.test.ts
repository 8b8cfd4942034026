import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startKoaApp } from './start.js';

defineContractOnPGliteAndPostgres('koa', (storage) =>
  startKoaApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
);
