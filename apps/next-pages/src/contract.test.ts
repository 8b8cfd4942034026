import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineContract } from '@precond/contract';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import { startProductionServer } from './production-server.js';

// Against the production build: turbo runs `next build` before the tests (see turbo.json here).

defineContract({
  name: 'next (Pages Router) on PGlite',
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'precond-next-pages-'));
    const server = await startProductionServer({ DATA_DIR: dataDir });
    return {
      baseUrl: server.baseUrl,
      async close() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

defineContract({
  name: 'next (Pages Router) on PostgreSQL',
  async start() {
    const postgres = await startThrowawayPostgres();
    const server = await startProductionServer({ DATABASE_URL: postgres.url });
    return {
      baseUrl: server.baseUrl,
      async close() {
        await server.close();
        await postgres.stop();
      },
    };
  },
});
