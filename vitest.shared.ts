import type { ViteUserConfig } from 'vitest/config';

/**
 * Settings every package's vitest config starts from: resolve workspace packages from source
 * (the `dev-source` export condition) and write a JSON report that `.ci/run` sums up.
 */
export const sharedTestConfig = {
  resolve: { conditions: ['dev-source'] },
  ssr: { resolve: { conditions: ['dev-source'] } },
  test: {
    // A safety net, not a timing goal: CI runs several packages' suites at once on two cores.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
} satisfies ViteUserConfig;
