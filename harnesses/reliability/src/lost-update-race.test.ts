import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runLostUpdateRace } from './lost-update-race.js';

it("40 rounds of 30 PATCHes with the tag all read, over every app: one 200 a round, the rest 412 with the winner's ETag, views = 40", async () => {
  const result = await runLostUpdateRace({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.acknowledged).toBe(40);
  expect(result.summary.conflicts).toBe(40 * 29);
  expect(result.summary.found).toBe('views 40 / 40');
  expect(result.summary.serverErrors).toBe(0);
});
