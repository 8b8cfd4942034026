import { expect, it } from 'vitest';
import { renderReport } from './report.js';

const facts = {
  startedAt: '2026-01-01 00:00 UTC',
  durationMs: 1_000,
  commit: 'abc1234',
  node: 'v20.0.0',
  postgres: 'PostgreSQL 15',
  cpus: 2,
  apps: ['koa', 'hapi'],
};

it('puts every scenario in one table, with its verdict, and says which did not hold', () => {
  const report = renderReport(
    [
      {
        name: 'race',
        durationMs: 10,
        result: {
          title: 'Race',
          claim: 'one winner',
          setting: 'koa, hapi',
          summary: {
            requests: 60,
            rounds: '1 × 30',
            acknowledged: 1,
            conflicts: 29,
            serverErrors: 0,
            maxMs: 12.5,
          },
          details: [['wins per instance', 'koa 1']],
          violations: [],
        },
      },
      { name: 'outage', durationMs: 10, error: 'Error: no server' },
    ],
    facts,
  );
  expect(report).toContain('| Race | 1 × 30 | 60 | 1 | 29 | — | 0 | 12.5 ms | — | held |');
  expect(report).toContain('| outage | — | — | — | — | — | — | — | — | **error** |');
  expect(report).toContain('**1 of 2 scenarios did not hold**: outage.');
  expect(report).toContain('- wins per instance: koa 1');
});
