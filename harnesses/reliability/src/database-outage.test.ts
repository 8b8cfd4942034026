import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runDatabaseOutage } from './database-outage.js';

it('a database that cuts every connection mid-write and refuses new ones gets 503 problem+json (never 2xx or 404) within the statement timeout, then recovery', async () => {
  const result = await runDatabaseOutage({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
});
