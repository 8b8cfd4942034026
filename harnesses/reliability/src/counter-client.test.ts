import { describe, expect, it } from 'vitest';
import { checkCounter, type IncrementRun } from './counter-client.js';

const run = (acknowledged: string[], unknown: string[] = []): IncrementRun => ({
  acknowledged,
  unknown,
  refusedWrites: 0,
  conflicts: 0,
  exchanges: [],
  unexpected: [],
  finishedClients: 1,
  durationMs: 1,
});
const article = (views: number, tokens: string[]) => ({
  id: 'a',
  title: 't',
  views,
  body: ['log:', ...tokens].join(' '),
});

describe('checkCounter', () => {
  it('accepts a final state that is exactly the acknowledged writes', () => {
    const check = checkCounter(run(['c0i0a0', 'c1i0a0']), article(2, ['c0i0a0', 'c1i0a0']), 0);
    expect(check).toEqual({ increments: 2, logged: 2, appliedUnknown: 0, violations: [] });
  });

  it('counts a write of unknown outcome that was applied, and one that was not', () => {
    const check = checkCounter(run(['c0i0a1'], ['c0i0a0', 'c1i0a0']), article(2, ['c0i0a0', 'c0i0a1']), 0);
    expect(check).toEqual({ increments: 2, logged: 2, appliedUnknown: 1, violations: [] });
  });

  it.each([
    [
      'an acknowledged write missing from the log',
      article(1, ['c0i0a0']),
      /1 acknowledged writes are not stored/,
    ],
    [
      'a counter behind its log (a lost update)',
      article(1, ['c0i0a0', 'c1i0a0']),
      /views grew by 1 but 2 writes are stored/,
    ],
    [
      'a write nobody was told about',
      article(3, ['c0i0a0', 'c1i0a0', 'c9i9a9']),
      /never acknowledged nor in doubt/,
    ],
    ['a write stored twice', article(3, ['c0i0a0', 'c1i0a0', 'c1i0a0']), /stored twice/],
  ])('reports %s', (_, final, message) => {
    expect(checkCounter(run(['c0i0a0', 'c1i0a0']), final, 0).violations.join('\n')).toMatch(message);
  });
});
