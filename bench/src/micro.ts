/**
 * In-process contenders for {@link measureAlternately}: an operation repeated for the measurement's
 * time, in batches of about a millisecond so that reading the clock costs nothing measurable.
 *
 * @module
 */

import type { Contender, Measurement } from './alternate.js';

const BATCH_MS = 1;

/**
 * A synchronous operation. `units` is what one operation counts for: 1 for operations per second,
 * its byte count for bytes per second.
 */
export function syncContender(name: string, operation: () => void, units = 1): Contender {
  let batch = 1;
  return {
    name,
    async measure(seconds): Promise<Measurement> {
      const start = performance.now();
      const deadline = start + seconds * 1000;
      let operations = 0;
      let now = start;
      while (now < deadline) {
        for (let i = 0; i < batch; i++) operation();
        operations += batch;
        now = performance.now();
      }
      batch = Math.max(1, Math.floor((BATCH_MS * operations) / (now - start)));
      return { count: operations * units, seconds: (now - start) / 1000 };
    },
  };
}

/** An asynchronous operation, awaited one at a time. */
export function asyncContender(name: string, operation: () => Promise<void>, units = 1): Contender {
  return {
    name,
    async measure(seconds): Promise<Measurement> {
      const start = performance.now();
      const deadline = start + seconds * 1000;
      let operations = 0;
      let now = start;
      while (now < deadline) {
        await operation();
        operations++;
        now = performance.now();
      }
      return { count: operations * units, seconds: (now - start) / 1000 };
    },
  };
}
