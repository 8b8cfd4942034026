import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runSafeCreateRace } from './safe-create-race.js';

it('30 PUTs with If-None-Match: * of one new user, over every app: one 201, the rest 412, one row — 15 times', async () => {
  const result = await runSafeCreateRace({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.acknowledged).toBe(15);
  expect(result.summary.conflicts).toBe(15 * 29);
  expect(result.summary.found).toBe('15 / 15 names with one row');
});
