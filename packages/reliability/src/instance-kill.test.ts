import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runInstanceKill } from './instance-kill.js';

it('kill -9 of one instance mid-run loses no acknowledged write, the survivors never answer 5xx, and it restarts onto the same data', async () => {
  const result = await runInstanceKill({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.acknowledged).toBe(600);
  expect(result.summary.serverErrors).toBe(0);
});
