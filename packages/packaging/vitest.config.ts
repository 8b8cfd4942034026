import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Packing, installing from npm and building take a while: one file, generous timeouts.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, testTimeout: 240_000, hookTimeout: 600_000 },
});
