/**
 * A sample app's `main`: configured from the environment, stopped cleanly by a signal.
 *
 * @module
 */

import type { DatabaseEnv } from './database-env.js';
import type { StartOptions } from './start-options.js';
import { startOptionsFromEnv } from './start-options.js';
import type { RunningApp } from './start-sample-app.js';

/**
 * Starts an app with the {@link startOptionsFromEnv | options in `env`}, says where it listens, and
 * stops it on the first SIGTERM or SIGINT: the process exits 0 once requests in flight have finished
 * and the database is closed, 1 (after logging why) when closing fails. A second signal meanwhile is
 * ignored, so it cannot cut the requests short.
 */
export async function serveFromEnv(
  name: string,
  start: (options: StartOptions) => Promise<RunningApp>,
  env: DatabaseEnv = process.env,
): Promise<RunningApp> {
  const app = await start(startOptionsFromEnv(env));
  console.log(
    `${name} sample API listening on ${app.baseUrl} (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`,
  );
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  return app;
}
