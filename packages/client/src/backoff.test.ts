import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles its ceiling with each attempt, up to maxMs', () => {
    const highest = (attempt: number) => backoffDelay(attempt, { baseMs: 10, maxMs: 100 }, () => 0.999999);
    expect([0, 1, 2, 3, 4, 10].map(highest)).toEqual([9, 19, 39, 79, 99, 99]);
  });

  it('is a random time below the ceiling (full jitter), never negative', () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(0);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(i % 8, {});
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2000);
    }
  });
});

describe('sleep', () => {
  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once on a signal that has already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
  });
});
