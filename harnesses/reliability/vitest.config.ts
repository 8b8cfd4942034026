import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    // One PostgreSQL server for the whole run; each scenario makes a database of its own on it.
    globalSetup: ['./src/global-setup.ts'],
    // One scenario at a time: they load two cores fully, and their latency figures mean something
    // only when nothing else runs beside them.
    fileParallelism: false,
    // A scenario is minutes of load and faults; the bound catches a hang, not slowness.
    testTimeout: 240_000,
  },
});
