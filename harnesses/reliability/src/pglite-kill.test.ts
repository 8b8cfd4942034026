import { expect, it } from 'vitest';
import { builtApps } from './apps.js';
import { runPgliteKill } from './pglite-kill.js';

it('kill -9 of an app on PGlite mid-writes, a half-sent write in flight: it opens cleanly on restart with every acknowledged write and without the half-sent one', async () => {
  const result = await runPgliteKill({ apps: builtApps() });
  expect(result.violations, result.setting).toEqual([]);
  expect(result.summary.found).toMatch(/\(lost: 0\)$/);
});
