/**
 * The setting most scenarios share: one instance of every app on one fresh PostgreSQL database.
 *
 * @module
 */

import { freshDatabaseUrl } from '@precond/throwaway-postgres';
import type { AppDefinition } from './apps.js';
import { type DatabaseAdmin, openDatabaseAdmin } from './database-admin.js';
import { HttpClient } from './http-client.js';
import { type Instance, startInstances, stopInstances } from './instances.js';

/** What every scenario is given. */
export interface ScenarioContext {
  /** A PostgreSQL server's superuser URL; each scenario creates a database of its own on it. */
  readonly postgresUrl: string;
  /** The apps to run, one instance each. */
  readonly apps: readonly AppDefinition[];
}

/** `url` with `application_name=<name>`, which postgres.js sends as a connection parameter. */
function withApplicationName(url: string, name: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', name);
  return named.href;
}

/** Running instances on one database, a client for each, and an admin connection beside them. */
export interface Cluster {
  readonly databaseUrl: string;
  readonly instances: readonly Instance[];
  /** `clients[i]` talks to `instances[i]`. */
  readonly clients: readonly HttpClient[];
  readonly admin: DatabaseAdmin;
  /** Stops the instances and closes the connections; the database is left for the server's teardown. */
  stop(): Promise<void>;
}

/**
 * Creates a fresh database and starts one instance of each app on it, all at once. `env` adds to
 * every instance's environment (`DATABASE_STATEMENT_TIMEOUT_MS`…). Each instance connects with its
 * app's name as `application_name`, so that the server's views tell whose statement is whose.
 */
export async function startCluster(
  context: ScenarioContext,
  env: Readonly<Record<string, string>> = {},
): Promise<Cluster> {
  const databaseUrl = await freshDatabaseUrl(context.postgresUrl, 'reliability');
  const instances = await startInstances(
    context.apps.map((app) => ({
      app,
      env: { ...env, DATABASE_URL: withApplicationName(databaseUrl, app.name) },
    })),
  );
  const clients = instances.map((instance) => new HttpClient(instance.baseUrl));
  const admin = openDatabaseAdmin(databaseUrl);
  return {
    databaseUrl,
    instances,
    clients,
    admin,
    async stop() {
      for (const client of clients) client.close();
      await Promise.all([stopInstances(instances), admin.close()]);
    },
  };
}
