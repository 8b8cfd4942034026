/**
 * The Koa sample app (apps/koa) as it runs in production: on PostgreSQL when given a URL, else on
 * an in-memory PGlite.
 *
 * @module
 */

import { startKoaApp } from '@precond/app-koa';
import type { ListeningServer } from './listen.js';

export async function startSampleApp(databaseUrl: string | undefined): Promise<ListeningServer> {
  const app = await startKoaApp({ port: 0, host: '127.0.0.1', databaseUrl });
  return { port: Number(new URL(app.baseUrl).port), close: () => app.close() };
}
