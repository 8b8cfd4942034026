import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { HANG_BOUND_MS, runHostileInput } from './hostile-input.js';

it('hostile fields, bodies, paths and framing at every route of every app: no 5xx, no crash, no hang, refused writes change nothing', async () => {
  const result = await runHostileInput({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.serverErrors).toBe(0);
  expect(result.summary.maxMs).toBeLessThan(HANG_BOUND_MS);
});
