import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs, retryDelay, sleep } from './backoff.js';

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

describe('retryAfterMs (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('Tue, 04 Nov 2025 10:00:00 GMT');
  it.each([
    ['2', 2000],
    [' 0 ', 0],
    ['Tue, 04 Nov 2025 10:00:03 GMT', 3000],
    ['Tue, 04 Nov 2025 09:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
  ])('%s → %s', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
  it('is undefined without the field', () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('waits at least what the server asked, and not at all beyond maxMs', () => {
    expect(retryDelay(0, { baseMs: 10, maxMs: 2000 }, 1500)).toBe(1500);
    expect(retryDelay(0, { baseMs: 10, maxMs: 2000 }, 2001)).toBeUndefined();
    expect(retryDelay(0, { baseMs: 10, maxMs: 2000 })).toBeLessThan(10);
  });
});
