import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateEntityTag } from '@precond/core/etag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real Next.js app (../test-app) built with `next build` and served by `next start`, in a temporary
// directory: this is where Next's own behaviour — route type checks, dynamic rendering, automatic
// HEAD, the Edge runtime, its cache, its API route helpers — meets the wrappers.

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' };

/** The app's node_modules: links to this package's dependencies and to the workspace's @precond packages. */
function linkDependencies(app: string): void {
  const links: Record<string, string> = {
    next: join(PACKAGE, 'node_modules/next'),
    react: join(PACKAGE, 'node_modules/react'),
    'react-dom': join(PACKAGE, 'node_modules/react-dom'),
    typescript: join(PACKAGE, 'node_modules/typescript'),
    '@types/react': join(PACKAGE, 'node_modules/@types/react'),
    '@types/node': join(PACKAGE, 'node_modules/@types/node'),
    '@precond/next': PACKAGE,
    '@precond/core': resolve(PACKAGE, '../core'),
  };
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(app, 'node_modules', name), 'dir');
  }
}

function next(app: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [join(app, 'node_modules/next/dist/bin/next'), ...args], { cwd: app, env });
}

function build(app: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = next(app, ['build', '--webpack']);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolvePromise(output) : reject(new Error(`next build exited with ${code}:\n${output}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject()));
    });
  });
}

function start(app: string, port: number): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = next(app, ['start', '--port', String(port), '--hostname', '127.0.0.1']);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready')) resolvePromise(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`next start exited with ${code}:\n${output}`)));
  });
}

let app = '';
let buildOutput = '';
let server: ChildProcess | undefined;
let base = '';

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'precond-next-app-'));
  cpSync(join(PACKAGE, 'test-app'), app, { recursive: true });
  linkDependencies(app);
  buildOutput = await build(app);
  const port = await freePort();
  server = await start(app, port);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolvePromise) => server?.once('exit', resolvePromise));
    server.kill();
    await exited;
  }
  if (app) rmSync(app, { recursive: true, force: true });
});

/** fetch asks for gzip unless told otherwise: the cases about coding say so themselves. */
const request = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'identity');
  return fetch(`${base}${path}`, { ...init, headers });
};
const etagOf = async (path: string) => (await request(path)).headers.get('etag') as string;

describe('next build', () => {
  it("type-checks the wrapped exports against Next's route types, and keeps wrapped GET routes dynamic", () => {
    expect(buildOutput).toContain('Finished TypeScript');
    expect(buildOutput).toMatch(/ƒ \/plain\b/);
    expect(buildOutput).toMatch(/ƒ \/notes\/\[id\]/);
    expect(buildOutput).toMatch(/○ \/static\b/);
  });
});

describe('App Router route handlers', () => {
  it('validator-first: 304 from the validators, keeping the fields Next adds', async () => {
    const first = await request('/notes/1');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const second = await request('/notes/1', { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('vary')).toContain('rsc');
  });

  it('validator-first writes: 428 without a precondition, 200 with it, 412 when stale', async () => {
    const body = JSON.stringify({ text: 'changed' });
    const required = await request('/notes/1', { method: 'PATCH', body });
    expect(required.status).toBe(428);
    expect(required.headers.get('content-type')).toBe('application/problem+json');
    const etag = await etagOf('/notes/1');
    const written = await request('/notes/1', { method: 'PATCH', body, headers: { 'If-Match': etag } });
    expect(written.status).toBe(200);
    const current = written.headers.get('etag') as string;
    expect(current).not.toBe(etag);
    const stale = await request('/notes/1', { method: 'PATCH', body, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(current);
    expect(stale.headers.get('cache-control')).toBe('no-store');
  });

  it('after the fact: a strong ETag and a 304, for GET and for the HEAD Next derives from it', async () => {
    const etag = await etagOf('/plain');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const get = await request('/plain', { headers: { 'If-None-Match': etag } });
    expect(get.status).toBe(304);
    expect(get.headers.get('cache-control')).toBe('no-cache');
    const head = await request('/plain', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect((await request('/plain', { method: 'HEAD', headers: { 'If-None-Match': etag } })).status).toBe(
      304,
    );
  });

  it('runs on the Edge runtime, with the same tag the Node generator computes', async () => {
    const res = await request('/edge');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ runtime: 'edge' });
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
    const etag = res.headers.get('etag') as string;
    expect((await request('/edge', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('gets no ETag from Next itself: generateEtags is for pages, not route handlers', async () => {
    const res = await request('/bare');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('force-static: Next serves the tag computed at build from its cache, and never a 304', async () => {
    const etag = await etagOf('/static');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const res = await request('/static', { headers: { 'If-None-Match': etag } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-nextjs-cache')).toBe('HIT');
  });
});

describe('Pages Router API routes', () => {
  it("keep the route's own ETag, which Next would replace, and answer 304 from the validators", async () => {
    const res = await request('/api/notes/1');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag') as string;
    expect(etag).toMatch(/^"v\d+"$/);
    expect(await res.json()).toMatchObject({ id: '1' });
    expect((await request('/api/notes/1', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('on the Edge runtime, take the App Router wrapper', async () => {
    const res = await request('/api/edge');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ router: 'pages', runtime: 'edge' });
    expect(res.headers.get('etag')).toBe(generateEntityTag(text));
  });

  it('428, then 200, then 412 with the current ETag; 404 for a missing note', async () => {
    const init = { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"text":"new"}' };
    expect((await request('/api/notes/1', init)).status).toBe(428);
    const etag = await etagOf('/api/notes/1');
    const written = await request('/api/notes/1', {
      ...init,
      headers: { ...init.headers, 'If-Match': etag },
    });
    expect(written.status).toBe(200);
    const stale = await request('/api/notes/1', { ...init, headers: { ...init.headers, 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(written.headers.get('etag'));
    expect((await request('/api/notes/2')).status).toBe(404);
  });
});
