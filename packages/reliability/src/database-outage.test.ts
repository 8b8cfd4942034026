import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runDatabaseOutage } from './database-outage.js';

it('a database that cuts and refuses every connection gets 503 problem+json within the statement timeout, then recovery', async () => {
  const result = await runDatabaseOutage({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.maxMs).toBeLessThan(3_000);
});
