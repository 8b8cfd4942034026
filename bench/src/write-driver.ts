/**
 * The ceiling of the write path, in a process of its own: the compare-and-set UPDATE that
 * `PATCH /api/articles/:id` ends in, issued straight through the domain's store and its driver
 * (postgres.js with the same pool size as the app, or PGlite), by the same number of concurrent
 * writers, each writing with the tag it last saw, as the HTTP clients do. Controlled over IPC.
 *
 * @module
 */

import { isPreconditionFailed } from '@precond/core';
import { type Database, openDatabase } from '@precond/domain';

export type DriverCommand =
  | { readonly type: 'open'; readonly databaseUrl?: string | undefined; readonly writers: number }
  | { readonly type: 'run'; readonly contended: boolean; readonly seconds: number };

export type DriverReply =
  | { readonly type: 'opened' }
  | {
      readonly type: 'ran';
      readonly count: number;
      readonly applied: number;
      readonly seconds: number;
      readonly latencies: number[];
      /** This process's CPU time per write, in microseconds. */
      readonly cpuMicrosPerWrite: number;
    };

/** The app's default pool (openDatabase's `poolSize`), so both sides have the same connections. */
const POOL_SIZE = 10;

let db: Database | undefined;
/** One row per writer (no contention), and one row all writers share. */
let rows: { id: string; etag: string }[] = [];
let shared: { id: string; etag: string } | undefined;

async function open(databaseUrl: string | undefined, writers: number): Promise<void> {
  db = await openDatabase({ databaseUrl, poolSize: POOL_SIZE });
  const create = () => db!.articles.create({ title: 'A draft', body: 'Written by the benchmark.', views: 0 });
  rows = [];
  for (let i = 0; i < writers; i++) rows.push(await create());
  shared = await create();
}

async function run(contended: boolean, seconds: number): Promise<DriverReply> {
  const latencies: number[] = [];
  let applied = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    rows.map(async (own) => {
      const id = contended ? shared!.id : own.id;
      let etag = contended ? shared!.etag : own.etag;
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          etag = (await db!.articles.update(id, { title: 'Edited' }, etag)).etag;
          applied++;
        } catch (error) {
          if (!isPreconditionFailed(error) || error.etag === undefined) throw error;
          etag = error.etag;
        }
        latencies.push(performance.now() - sent);
      }
      if (contended) shared!.etag = etag;
      else own.etag = etag;
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  return {
    type: 'ran',
    count: latencies.length,
    applied,
    seconds: (performance.now() - start) / 1000,
    latencies,
    cpuMicrosPerWrite: (user + system) / latencies.length,
  };
}

process.on('message', (command: DriverCommand) => {
  const reply =
    command.type === 'open'
      ? open(command.databaseUrl, command.writers).then((): DriverReply => ({ type: 'opened' }))
      : run(command.contended, command.seconds);
  reply.then(
    (message) => process.send?.(message),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.once('disconnect', () => {
  void db?.close().finally(() => process.exit(0));
});
