/**
 * The sample apps (harnesses/contract/API.md), each as a target that starts on port 0 with fresh
 * storage: Koa, hapi, Express, Fastify and Hono in-process on in-memory PGlite; the Next.js apps
 * serve their production builds (`next build`, which turbo runs before this package's tests) from a
 * child process, on a PGlite of their own.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExpressApp } from '@precond/app-express';
import { startFastifyApp } from '@precond/app-fastify';
import { startHapiApp } from '@precond/app-hapi';
import { startHonoApp } from '@precond/app-hono';
import type { RunningApp } from '@precond/app-koa';
import { startKoaApp } from '@precond/app-koa';
import { startProductionServer as startNextAppRouter } from '@precond/app-next';
import { startProductionServer as startNextPagesRouter } from '@precond/app-next-pages';

/** A running sample app: the `RunningApp` every app's start function returns. */
export type { RunningApp } from '@precond/app-koa';

/** A sample app: how to start it on port 0 with fresh storage (the contract suite's target shape). */
export interface AppTarget {
  readonly name: string;
  start(): Promise<RunningApp>;
}

/** A Next.js production server on a PGlite data directory of its own, removed on close. */
async function withDataDir(start: (env: Record<string, string>) => Promise<RunningApp>): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'precond-client-next-'));
  const server = await start({ DATA_DIR: dataDir });
  return {
    baseUrl: server.baseUrl,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every app that serves the sample API. */
export const APPS: readonly AppTarget[] = [
  { name: 'koa', start: () => startKoaApp({ port: 0 }) },
  { name: 'hapi', start: () => startHapiApp({ port: 0 }) },
  { name: 'express', start: () => startExpressApp({ port: 0 }) },
  { name: 'fastify', start: () => startFastifyApp({ port: 0 }) },
  { name: 'hono', start: () => startHonoApp({ port: 0 }) },
  { name: 'next (App Router)', start: () => withDataDir(startNextAppRouter) },
  { name: 'next (Pages Router)', start: () => withDataDir(startNextPagesRouter) },
];
