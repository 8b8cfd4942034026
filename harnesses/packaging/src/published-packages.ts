import { fileURLToPath } from 'node:url';

/** The library packages published to npm, with the folder each lives in. */
export const PUBLISHED_PACKAGES = [
  { name: '@precond/core', dir: fileURLToPath(new URL('../../../packages/core', import.meta.url)) },
  { name: '@precond/koa', dir: fileURLToPath(new URL('../../../packages/koa', import.meta.url)) },
  { name: '@precond/hapi', dir: fileURLToPath(new URL('../../../packages/hapi', import.meta.url)) },
  { name: '@precond/next', dir: fileURLToPath(new URL('../../../packages/next', import.meta.url)) },
  { name: '@precond/fastify', dir: fileURLToPath(new URL('../../../packages/fastify', import.meta.url)) },
  { name: '@precond/client', dir: fileURLToPath(new URL('../../../packages/client', import.meta.url)) },
  { name: '@precond/fetch', dir: fileURLToPath(new URL('../../../packages/fetch', import.meta.url)) },
  { name: '@precond/hono', dir: fileURLToPath(new URL('../../../packages/hono', import.meta.url)) },
  { name: '@precond/express', dir: fileURLToPath(new URL('../../../packages/express', import.meta.url)) },
  { name: '@precond/postgres', dir: fileURLToPath(new URL('../../../packages/postgres', import.meta.url)) },
] as const;
