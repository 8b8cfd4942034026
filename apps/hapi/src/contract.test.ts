import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineContract } from '@precond/contract';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import { startHapiApp } from './start.js';

defineContract({
  name: 'hapi on PGlite',
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'precond-hapi-'));
    const app = await startHapiApp({ port: 0, dataDir });
    return {
      baseUrl: app.baseUrl,
      async close() {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

defineContract({
  name: 'hapi on PostgreSQL',
  async start() {
    const postgres = await startThrowawayPostgres();
    const app = await startHapiApp({ port: 0, databaseUrl: postgres.url });
    return {
      baseUrl: app.baseUrl,
      async close() {
        await app.close();
        await postgres.stop();
      },
    };
  },
});
