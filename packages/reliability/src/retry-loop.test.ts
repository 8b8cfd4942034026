import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runRetryLoop } from './retry-loop.js';

it('30 clients × 20 increments with retry on 412, spread over every app: the counter ends at exactly 600', async () => {
  const result = await runRetryLoop({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.acknowledged).toBe(600);
  expect(result.summary.found).toBe('600 / 600');
});
