// vitest's global setup: one throwaway PostgreSQL server for every scenario file of the run.
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's superuser URL. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startThrowawayPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
