/**
 * The sample apps the scenarios run as real processes: one entry per framework. A new framework is
 * one more entry in {@link APPS}.
 *
 * @module
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (this file is `harnesses/reliability/{src,dist}/apps.*`). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** How to run one app's production build. */
export interface AppDefinition {
  /** `koa`, `hapi`, `hono`, `next`, `next-pages`, `express`, `fastify`: what the report and the failure messages call it. */
  readonly name: string;
  /** The app's folder, absolute. */
  readonly directory: string;
  /**
   * What `node` runs in `directory`: the same entry point as the app's `start` script after its build.
   * It honours `PORT`, `HOST`, `DATABASE_URL`, `DATA_DIR`, `DATABASE_POOL_SIZE` and
   * `DATABASE_STATEMENT_TIMEOUT_MS`.
   */
  readonly entry: string;
  /** A file, relative to `directory`, that exists once the app is built. */
  readonly builtFile: string;
}

const app = (name: string, entry: string, builtFile: string): AppDefinition => ({
  name,
  directory: join(REPOSITORY_ROOT, 'apps', name),
  entry,
  builtFile,
});

/**
 * Every app the scenarios start, in the order instances are numbered. Each is a devDependency of
 * this package, so `turbo run test` builds it first (`^build`).
 */
export const APPS: readonly AppDefinition[] = [
  app('koa', 'dist/main.js', 'dist/main.js'),
  app('hapi', 'dist/main.js', 'dist/main.js'),
  app('hono', 'dist/main.js', 'dist/main.js'),
  // `next start` behind a launcher that exits 0 on SIGTERM; a kill reaches both, see instances.ts.
  app('next', 'scripts/start.mjs', '.next/BUILD_ID'),
  app('next-pages', 'scripts/start.mjs', '.next/BUILD_ID'),
  app('express', 'dist/main.js', 'dist/main.js'),
  app('fastify', 'dist/main.js', 'dist/main.js'),
];

/**
 * `apps`, asserting each is built.
 *
 * @throws Error naming the missing builds and the command that makes them: a scenario never
 * quietly runs with fewer frameworks than it claims.
 */
export function builtApps(apps: readonly AppDefinition[] = APPS): readonly AppDefinition[] {
  const missing = apps.filter((each) => !existsSync(join(each.directory, each.builtFile)));
  if (missing.length > 0) {
    const names = missing.map((each) => each.name).join(', ');
    throw new Error(
      `Not built: ${names} (no ${missing.map((each) => `apps/${each.name}/${each.builtFile}`).join(', ')}). ` +
        'Run `pnpm turbo run build --filter=@precond/reliability^...` first.',
    );
  }
  return apps;
}
