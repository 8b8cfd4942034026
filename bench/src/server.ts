/**
 * The entry of a server process (see server-process.ts): starts the server the spec names on a free
 * port of 127.0.0.1, reports the port and its CPU time over IPC, and exits on SIGTERM.
 *
 * @module
 */

import type { ServerMessage, ServerSpec } from './server-process.js';

const spec = JSON.parse(process.argv[2] ?? '') as ServerSpec;

async function start(): Promise<{ port: number; close(): Promise<void> }> {
  switch (spec.framework) {
    case 'koa':
      return (await import('./servers/koa.js')).startKoa(spec.variant, spec.body);
    case 'hapi':
      return (await import('./servers/hapi.js')).startHapi(spec.variant, spec.body);
    case 'next':
      return (await import('./servers/next.js')).startNextHandlers(spec.variant, spec.body);
    case 'express':
      return (await import('./servers/express.js')).startExpress(spec.variant, spec.body);
    case 'fastify':
      return (await import('./servers/fastify.js')).startFastify(spec.variant, spec.body);
    case 'hono':
      return (await import('./servers/hono.js')).startHono(spec.variant, spec.body);
    case 'app-koa':
      return (await import('./servers/app-koa.js')).startSampleApp(spec.databaseUrl);
    case 'bare-write-koa':
      return (await import('./servers/bare-write-koa.js')).startBareWriteApp(spec.databaseUrl);
  }
}

const send = (message: ServerMessage) => process.send?.(message);
const server = await start();
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  send({ type: 'cpu', micros: user + system });
});
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => {
  // process.exit, not a natural end: `--cpu-prof` writes its profile then, and nothing lingers.
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
send({ type: 'listening', port: server.port });
