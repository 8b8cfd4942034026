import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Packing, installing from npm and building take a while: generous timeouts.
export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    // Builds and packs the published packages once for every file.
    globalSetup: ['./src/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
