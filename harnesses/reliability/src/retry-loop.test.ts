import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runRetryLoop } from './retry-loop.js';

it('30 clients × 15 increments with retry on 412, spread over every app: the counter ends at exactly 450', async () => {
  const result = await runRetryLoop({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.acknowledged).toBe(450);
  expect(result.summary.found).toBe('450 / 450');
});
