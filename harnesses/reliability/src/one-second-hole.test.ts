import { expect, inject, it } from 'vitest';
import { builtApps } from './apps.js';
import { runOneSecondHole } from './one-second-hole.js';

it('a stale If-Unmodified-Since write after a same-second write through another instance gets 412, every time, and no Last-Modified is later than its Date', async () => {
  const result = await runOneSecondHole({ postgresUrl: inject('postgresUrl'), apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.found).toBe('180 / 180 stale writes refused');
  expect(result.summary.serverErrors).toBe(0);
  const aheadOfDate = result.details.find(([name]) => name.startsWith('replies carrying a Last-Modified'));
  expect(aheadOfDate?.[1]).toMatch(/^0 of [1-9]\d*$/);
});
