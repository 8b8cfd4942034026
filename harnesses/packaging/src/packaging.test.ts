import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InstalledProject,
  installFromTarballs,
  startServer,
  typeErrors,
} from './install-from-tarballs.js';
import { expectKoaAnswers, KOA_SERVER, KOA_TYPES } from './koa-server.js';
import { PUBLISHED_PACKAGES } from './published-packages.js';

const run = promisify(execFile);

describe.each(PUBLISHED_PACKAGES)('$name as published', ({ dir }) => {
  it('passes publint --strict', async () => {
    const { messages } = await publint({ pkgDir: dir, strict: true, pack: 'pnpm' });
    expect(messages).toEqual([]);
  });

  it('passes are-the-types-wrong for an ESM-only package', async () => {
    const attw = join(dir, '../../node_modules/.bin/attw');
    const result = await run(attw, ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: dir,
    }).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? 'failed',
    );
    expect(result).toBe('ok');
  });
});

const HAPI_SERVER = `
import Hapi from '@hapi/hapi';
import { precond } from '@precond/hapi';

let etag = '"v1"';
const server = Hapi.server({ port: 0, host: '127.0.0.1' });
await server.register({ plugin: precond, options: { requirePreconditions: true } });
server.route([
  {
    method: ['GET', 'PUT'],
    path: '/doc',
    options: { plugins: { precond: { loadValidators: () => ({ exists: true, etag }) } } },
    handler: (request) => {
      if (request.method === 'put') etag = '"v2"';
      return { etag };
    },
  },
  { method: 'GET', path: '/about', handler: () => ({ name: 'after the fact' }) },
]);
await server.start();
console.log('PORT=' + server.info.port);
`;

// A store's compare-and-set, shared by the Express and Fastify servers: a write whose If-Match tags
// are stale throws, and the adapter turns the error into the 412 (deferIfMatch skips the loader).
const DOC_STORE = `
import { PreconditionFailedError } from '@precond/core';

let etag = '"v1"';
export const loadValidators = () => ({ exists: true, etag });
export const read = () => ({ etag });
export function write(condition) {
  if (condition.kind === 'etags' && !condition.etags.includes(etag)) throw new PreconditionFailedError({ etag });
  etag = '"v2"';
  return { etag };
}
`;

const EXPRESS_SERVER = `
import express from 'express';
import { preconditionErrors, preconditions } from '@precond/express';
import { loadValidators, read, write } from './doc-store.mjs';

const app = express();
const doc = preconditions({ loadValidators, requirePreconditions: true, deferIfMatch: true });
app.get('/doc', doc, (_req, res) => void res.json(read()));
app.put('/doc', doc, (_req, res) => void res.json(write(res.locals.precond.writeCondition)));
app.get('/about', preconditions(), (_req, res) => void res.json({ name: 'after the fact' }));
app.use(preconditionErrors());
const server = app.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

const FASTIFY_SERVER = `
import Fastify from 'fastify';
import { precond } from '@precond/fastify';
import { loadValidators, read, write } from './doc-store.mjs';

const app = Fastify();
await app.register(precond, { requirePreconditions: true, deferIfMatch: true });
const config = { precond: { loadValidators } };
app.get('/doc', { config }, async () => read());
app.put('/doc', { config }, async (request) => write(request.precond.writeCondition));
app.get('/about', async () => ({ name: 'after the fact' }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log('PORT=' + app.server.address().port);
`;

// The Fetch wrapper on a plain node:http server, through a Request/Response bridge of a few lines
// (what a Fetch runtime does natively; Deno and Bun: harnesses/fetch-runtimes).
const FETCH_SERVER = `
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { json, withPreconditions } from '@precond/fetch';
import { loadValidators, read, write } from './doc-store.mjs';

const doc = withPreconditions(
  async (request, precond) => json(request.method === 'PUT' ? write(precond.writeCondition) : read()),
  { loadValidators, requirePreconditions: true, deferIfMatch: true },
);
const about = withPreconditions(() => json({ name: 'after the fact' }));

const server = createServer(async (req, res) => {
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : Readable.toWeb(req);
  const request = new Request('http://' + req.headers.host + req.url, { method: req.method, headers: req.headers, body, duplex: 'half' });
  const response = await (req.url === '/about' ? about : doc)(request);
  res.writeHead(response.status, [...response.headers].flat());
  if (response.body) for await (const chunk of response.body) res.write(chunk);
  res.end();
});
server.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

const HONO_SERVER = `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { preconditions } from '@precond/hono';
import { loadValidators, read, write } from './doc-store.mjs';

const app = new Hono();
app.use(preconditions());
const doc = preconditions({ loadValidators, requirePreconditions: true, deferIfMatch: true });
app.get('/doc', doc, (c) => c.json(read()));
app.put('/doc', doc, (c) => c.json(write(c.var.precond.writeCondition)));
app.get('/about', (c) => c.json({ name: 'after the fact' }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('PORT=' + info.port));
`;

// A fresh Next.js App Router project: one route handler wrapped with withPreconditions.
const NEXT_ROUTE = `
import { json, withPreconditions } from '@precond/next';

let etag = '"v1"';
const loadValidators = () => ({ exists: true, etag });

export const GET = withPreconditions(() => json({ etag }), { loadValidators });
export const PUT = withPreconditions(
  () => {
    etag = '"v2"';
    return json({ etag });
  },
  { loadValidators, requirePreconditions: true },
);
`;

const NEXT_LAYOUT = `
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;

const TYPES = `
import type { Validators, Evaluation, PreconditionOptions } from '@precond/core';
import { evaluatePreconditions } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';
import { generateEntityTag as generateWebEntityTag } from '@precond/core/etag-web';
import { preconditions, type KoaPreconditionOptions, type PreconditionState } from '@precond/koa';
import { withPreconditions, json } from '@precond/next';
import { withPreconditionsApi } from '@precond/next/pages';
import { precond, type RoutePreconditionOptions } from '@precond/hapi';
import { createClient, threeWayMerge, type UpdateResult } from '@precond/client';
import {
  withPreconditions as withFetchPreconditions,
  type FetchHandler,
  type FetchPreconditionOptions,
} from '@precond/fetch';
import { type BeforeHandler, decideBeforeHandler } from '@precond/fetch/adapter';
import { preconditions as honoPreconditions, type HonoPreconditionOptions, type PreconditionEnv } from '@precond/hono';
import { Hono } from 'hono';
import express from 'express';
import {
  preconditionErrors,
  preconditions as expressPreconditions,
  type ExpressPreconditionOptions,
  type WriteCondition,
} from '@precond/express';
import Fastify, { type FastifyContextConfig } from 'fastify';
import {
  precond as fastifyPrecond,
  type FastifyPreconditionOptions,
  type RoutePreconditionOptions as FastifyRouteOptions,
} from '@precond/fastify';

const validators: Validators = { exists: true, etag: generateEntityTag('x') };
const evaluation: Evaluation = evaluatePreconditions({ method: 'GET', headers: {} }, validators);
const status: 304 | 412 | 428 | undefined = evaluation.status;
const options: KoaPreconditionOptions = { requirePreconditions: true, etagGeneration: 'weak' } satisfies PreconditionOptions;
const state: PreconditionState = {};
const web: Promise<string> = generateWebEntityTag('x');
const route: RoutePreconditionOptions = { loadValidators: () => validators, etagGeneration: false };
const GET = withPreconditions(async (_request: Request, context: { params: Promise<{ id: string }> }) =>
  json({ id: (await context.params).id }),
);
const client = createClient({ baseUrl: 'http://127.0.0.1:3000', cache: undefined });
const updated: Promise<UpdateResult<{ text: string }>> = client.update<{ text: string }>('/doc', { text: 'x' });
const merged: 'merged' | 'conflict' = threeWayMerge({ a: 1 }, { a: 2 }, { a: 1 }).kind;
const expressOptions: ExpressPreconditionOptions = {
  loadValidators: (req) => ({ exists: true, etag: req.get('x-current') }),
  requirePreconditions: true,
};
const expressApp = express();
expressApp.put('/doc', expressPreconditions(expressOptions), (_req, res) => {
  const condition: WriteCondition | undefined = res.locals.precond?.writeCondition;
  res.json({ condition });
});
expressApp.use(preconditionErrors());
const fastifyApp = Fastify();
const fastifyOptions: FastifyPreconditionOptions = { requirePreconditions: true, deferIfMatch: true };
fastifyApp.register(fastifyPrecond, fastifyOptions);
const fastifyRoute: FastifyRouteOptions = { loadValidators: (request) => ({ exists: true, etag: request.id }) };
fastifyApp.put('/doc', { config: { precond: fastifyRoute } }, async (request) => {
  const condition: WriteCondition | undefined = request.precond?.writeCondition;
  return { condition };
});
// Fastify infers a route's config from the literal: \`satisfies\` holds it to the augmented type.
fastifyApp.get('/about', { config: { precond: false } satisfies FastifyContextConfig }, async () => ({
  name: 'untagged',
}));
type Env = { readonly region: string };
const fetchOptions: FetchPreconditionOptions<Request, [Env]> = {
  loadValidators: (_request, env) => ({ exists: true, etag: \`"\${env.region}"\` }),
};
const fetchHandler: FetchHandler<Request, [Env]> = withFetchPreconditions(
  (_request, precond, env) => new Response(\`\${env.region} \${precond.writeCondition?.kind}\`),
  fetchOptions,
);
const before: BeforeHandler | Promise<BeforeHandler> = decideBeforeHandler(new Request('http://localhost/'), {});
const honoOptions: HonoPreconditionOptions = { loadValidators: (c) => ({ exists: true, etag: c.req.header('x-current') }) };
const honoApp = new Hono<PreconditionEnv>();
honoApp.put('/doc', honoPreconditions(honoOptions), (c) => {
  const condition: WriteCondition | undefined = c.var.precond.writeCondition;
  return c.json({ kind: condition?.kind ?? null });
});
export { fetchHandler, before, honoApp };
export { status, options, state, web, preconditions, precond, route, GET, withPreconditionsApi, updated, merged, expressApp, fastifyApp };
`;

/**
 * fetch asks for gzip unless told otherwise, and a coded body carries a tag of its own (`"v1-gzip"`):
 * these cases are about the uncoded representation.
 */
const fetchIdentity = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { 'accept-encoding': 'identity', ...init.headers } });

/**
 * 304, 428, 412 (from the store's compare-and-set) and a write from a DOC_STORE server at `base`, then
 * a 304 for the tag its `/about` response got after the fact.
 */
async function expectDocAnswers(base: string): Promise<void> {
  const first = await fetchIdentity(`${base}/doc`);
  expect(first.status).toBe(200);
  expect(first.headers.get('etag')).toBe('"v1"');
  expect(await first.json()).toEqual({ etag: '"v1"' });
  expect((await fetchIdentity(`${base}/doc`, { headers: { 'if-none-match': '"v1"' } })).status).toBe(304);
  expect((await fetchIdentity(`${base}/doc`, { method: 'PUT' })).status).toBe(428);
  const stale = await fetchIdentity(`${base}/doc`, { method: 'PUT', headers: { 'if-match': '"v0"' } });
  expect(stale.status).toBe(412);
  expect(stale.headers.get('content-type')).toBe('application/problem+json');
  expect(stale.headers.get('etag')).toBe('"v1"');
  const current = await fetchIdentity(`${base}/doc`, { method: 'PUT', headers: { 'if-match': '"v1"' } });
  expect(current.status).toBe(200);
  expect(await current.json()).toEqual({ etag: '"v2"' });
  expect((await fetchIdentity(`${base}/doc`)).headers.get('etag')).toBe('"v2"');
  const about = await fetchIdentity(`${base}/about`);
  const tag = about.headers.get('etag') as string;
  expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  expect((await fetchIdentity(`${base}/about`, { headers: { 'if-none-match': tag } })).status).toBe(304);
}

describe('installed with npm from the tarballs, outside the workspace', () => {
  let project: InstalledProject;
  const servers: ReturnType<typeof spawn>[] = [];
  let base = '';
  let hapiBase = '';
  let expressBase = '';
  let fastifyBase = '';
  let fetchBase = '';
  let honoBase = '';

  beforeAll(async () => {
    project = await installFromTarballs(
      PUBLISHED_PACKAGES.map(({ name }) => name),
      {
        koa: '^3.0.0',
        '@hapi/hapi': '^21.0.0',
        fastify: '^5.0.0',
        // hapi's own type declarations import joi's without depending on it.
        joi: '^17.0.0',
        next: '16.4.6',
        react: '19.3.1',
        'react-dom': '19.3.1',
        '@types/react': '19.3.0',
        '@types/node': '^20.0.0',
        typescript: '5.9.3',
        '@types/koa': '^3.0.0',
        express: '^5.0.0',
        '@types/express': '^5.0.0',
        hono: '^4.0.0',
        '@hono/node-server': '^2.0.0',
      },
    );
    writeFileSync(join(project.dir, 'server.mjs'), KOA_SERVER);
    writeFileSync(join(project.dir, 'types.ts'), TYPES);
    writeFileSync(join(project.dir, 'koa-types.ts'), KOA_TYPES);
    writeFileSync(join(project.dir, 'hapi-server.mjs'), HAPI_SERVER);
    writeFileSync(join(project.dir, 'doc-store.mjs'), DOC_STORE);
    writeFileSync(join(project.dir, 'express-server.mjs'), EXPRESS_SERVER);
    writeFileSync(join(project.dir, 'fastify-server.mjs'), FASTIFY_SERVER);
    writeFileSync(join(project.dir, 'fetch-server.mjs'), FETCH_SERVER);
    writeFileSync(join(project.dir, 'hono-server.mjs'), HONO_SERVER);
    mkdirSync(join(project.dir, 'app/api/doc'), { recursive: true });
    writeFileSync(join(project.dir, 'app/api/doc/route.ts'), NEXT_ROUTE);
    writeFileSync(join(project.dir, 'app/layout.tsx'), NEXT_LAYOUT);
    [base, hapiBase, expressBase, fastifyBase, fetchBase, honoBase] = await Promise.all([
      startServer('server.mjs', project.dir, servers),
      startServer('hapi-server.mjs', project.dir, servers),
      startServer('express-server.mjs', project.dir, servers),
      startServer('fastify-server.mjs', project.dir, servers),
      startServer('fetch-server.mjs', project.dir, servers),
      startServer('hono-server.mjs', project.dir, servers),
    ]);
  });
  afterAll(() => {
    for (const server of servers) server.kill();
  });

  // The engines floor, Node.js 20.19, is where require() of an ES module needs no flag.
  it('loads every entry point with require() from CommonJS', async () => {
    const entries = [
      '@precond/core',
      '@precond/core/etag',
      '@precond/core/etag-web',
      '@precond/koa',
      '@precond/hapi',
      '@precond/next',
      '@precond/next/pages',
      '@precond/client',
      '@precond/express',
      '@precond/fastify',
      '@precond/postgres',
      '@precond/fetch',
      '@precond/fetch/adapter',
      '@precond/hono',
    ];
    const script = `console.log(JSON.stringify(${JSON.stringify(entries)}.map((id) => Object.keys(require(id)).length > 0)))`;
    const { stdout } = await project.exec('node', ['--input-type=commonjs', '-e', script]);
    expect(JSON.parse(stdout)).toEqual(entries.map(() => true));
  });

  it('keeps no workspace: protocol in the installed manifests', async () => {
    const { stdout } = await project.exec('node', [
      '-e',
      "for (const p of ['core','koa','hapi','next','client','express','fastify','fetch','hono','postgres']) console.log(JSON.stringify(require('./node_modules/@precond/'+p+'/package.json')))",
    ]);
    expect(stdout).not.toContain('workspace:');
  });

  it('serves 304, 428, 412 and a compare-and-set write from the installed packages', async () => {
    await expectKoaAnswers(base);
  });

  it('the installed client revalidates with If-None-Match (304 from memory) and writes with If-Match', async () => {
    const script = `
      import { createClient } from '@precond/client';
      const client = createClient({ baseUrl: process.env.BASE });
      const first = await client.get('/');
      const second = await client.get('/');
      const put = await client.put('/', { text: 'v2' });
      const blind = await createClient({ baseUrl: process.env.BASE }).put('/', { text: 'v3' });
      console.log(JSON.stringify([first.kind, first.fromCache, second.status, second.fromCache, put.kind, blind.kind]));
    `;
    const { stdout } = await project.exec('node', ['--input-type=module', '-e', script], {
      ...process.env,
      BASE: base,
    });
    expect(JSON.parse(stdout)).toEqual(['ok', false, 304, true, 'ok', 'precondition-required']);
  });

  it('serves 304, 428 and 412 from the installed hapi plugin, and tags a response after the fact', async () => {
    // A client that takes gzip gets the tag of the gzip representation, and revalidates with it.
    expect((await fetch(`${hapiBase}/doc`)).headers.get('etag')).toBe('"v1-gzip"');
    expect((await fetch(`${hapiBase}/doc`, { headers: { 'if-none-match': '"v1-gzip"' } })).status).toBe(304);
    const first = await fetchIdentity(`${hapiBase}/doc`);
    expect(first.headers.get('etag')).toBe('"v1"');
    expect((await fetchIdentity(`${hapiBase}/doc`, { headers: { 'if-none-match': '"v1"' } })).status).toBe(
      304,
    );
    expect((await fetchIdentity(`${hapiBase}/doc`, { method: 'PUT' })).status).toBe(428);
    expect(
      (await fetchIdentity(`${hapiBase}/doc`, { method: 'PUT', headers: { 'if-match': '"v0"' } })).status,
    ).toBe(412);
    expect(
      (await fetchIdentity(`${hapiBase}/doc`, { method: 'PUT', headers: { 'if-match': '"v1"' } })).status,
    ).toBe(200);
    const about = await fetchIdentity(`${hapiBase}/about`);
    const tag = about.headers.get('etag') as string;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await fetchIdentity(`${hapiBase}/about`, { headers: { 'if-none-match': tag } })).status).toBe(
      304,
    );
  });

  it('serves 304, 428 and 412 from the installed Express middleware, and tags a response after the fact', async () => {
    await expectDocAnswers(expressBase);
  });

  it('serves 304, 428 and 412 from the installed Fastify plugin, and tags a response after the fact', async () => {
    await expectDocAnswers(fastifyBase);
  });

  it('serves 304, 428 and 412 from the installed Fetch wrapper on a plain Node server, and tags a response after the fact', async () => {
    await expectDocAnswers(fetchBase);
  });

  it('serves 304, 428 and 412 from the installed Hono middleware, and tags a response after the fact', async () => {
    await expectDocAnswers(honoBase);
  });

  it('builds a fresh Next.js app that answers 304, 428 and 412 from its route handler', async () => {
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
    // Next's own entry point, not `npx next`: killing npx would leave next-server running.
    const nextBin = join(project.dir, 'node_modules/next/dist/bin/next');
    await project.exec(process.execPath, [nextBin, 'build'], env);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(
      process.execPath,
      [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
      {
        cwd: project.dir,
        env,
      },
    );
    servers.push(child);
    const url = `http://127.0.0.1:${port}/api/doc`;
    let first: Response | undefined;
    for (let attempt = 0; attempt < 150 && !first; attempt++) {
      first = await fetchIdentity(url).catch(() => undefined);
      if (!first) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(first?.status).toBe(200);
    expect(first?.headers.get('etag')).toBe('"v1"');
    expect((await fetchIdentity(url, { headers: { 'if-none-match': '"v1"' } })).status).toBe(304);
    expect((await fetchIdentity(url, { method: 'PUT' })).status).toBe(428);
    const stale = await fetchIdentity(url, { method: 'PUT', headers: { 'if-match': '"v0"' } });
    expect((await fetch(url)).headers.get('etag')).toBe('"v1-gzip"');
    expect((await fetch(url, { headers: { 'if-none-match': '"v1-gzip"' } })).status).toBe(304);
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetchIdentity(url, { method: 'PUT', headers: { 'if-match': '"v1"' } })).status).toBe(200);
  });

  it('resolves the types of every entry point under NodeNext, with no error in our declarations', async () => {
    const ours = await typeErrors(project.exec, ['types.ts', 'koa-types.ts']);
    expect(ours).toEqual([]);
  });
});
