/**
 * How long to wait before trying again: exponential backoff with full jitter, so that two clients
 * that just collided do not collide again in lockstep.
 *
 * @module
 */

import { parseHttpDate } from './http-date.js';

/** The backoff between attempts; attempt `n` (from 0) waits a random time below `min(maxMs, baseMs * 2^n)`. */
export interface BackoffOptions {
  /** @defaultValue 50 */
  readonly baseMs?: number | undefined;
  /** The longest wait between two attempts. @defaultValue 2000 */
  readonly maxMs?: number | undefined;
}

/** The wait before retry number `attempt` (0 for the first retry), in milliseconds. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const ceiling = Math.min(options.maxMs ?? 2000, (options.baseMs ?? 50) * 2 ** attempt);
  return Math.floor(random() * Math.max(0, ceiling));
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A `Retry-After` field value (RFC 9110 §10.2.3) as milliseconds from `now`: delay-seconds or an
 * HTTP-date (a past date is 0). `undefined` when absent or neither.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` after a failure that asked for `retryAfter` milliseconds: the
 * jittered backoff, but never less than the server asked. `undefined` — do not retry — when the server
 * asked for longer than `maxMs`, the longest the client waits between two attempts.
 */
export function retryDelay(
  attempt: number,
  options: BackoffOptions = {},
  retryAfter: number | undefined = undefined,
): number | undefined {
  if (retryAfter !== undefined && retryAfter > (options.maxMs ?? 2000)) return undefined;
  return Math.max(backoffDelay(attempt, options), retryAfter ?? 0);
}
