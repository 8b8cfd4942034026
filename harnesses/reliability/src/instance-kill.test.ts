import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runInstanceKill } from './instance-kill.js';

it('kill -9 of one instance while its writes wait on a held row lock loses no acknowledged write and answers none of them, the survivors never answer 5xx, and it restarts onto the same data', async () => {
  const result = await runInstanceKill({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  // The fault happened: writes through the victim were waiting on the lock when it died.
  expect(result.summary.fault).toMatch(/ with [1-9]\d* of its writes waiting on a held row lock;/);
  expect(result.summary.acknowledged).toBe(600);
  expect(result.summary.serverErrors).toBe(0);
});
