import type { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InstalledProject,
  installFromTarballs,
  startServer,
  typeErrors,
} from './install-from-tarballs.js';

// @precond/express's peer range starts at Express 4.21.0: the floor itself is installed here, with
// Express 4's types. Express 4 does not catch a rejected promise from middleware, so the loader here
// is async and one of them fails: precond passes the failure to next(err) itself.
const EXPRESS_4_FLOOR = '4.21.0';

const SERVER = `
import express from 'express';
import { preconditionErrors, preconditions } from '@precond/express';
import { PreconditionFailedError } from '@precond/core';

let note = { text: 'first', etag: '"n1"' };
const loadValidators = async () => ({ exists: true, etag: note.etag });
const app = express();
app.use(express.json());
const guarded = preconditions({ loadValidators, requirePreconditions: true, deferIfMatch: true });
app.get('/note', guarded, (_req, res) => void res.json({ text: note.text }));
app.patch('/note', guarded, (req, res) => {
  const condition = res.locals.precond.writeCondition;
  if (condition.kind === 'etags' && !condition.etags.includes(note.etag)) throw new PreconditionFailedError({ etag: note.etag });
  note = { text: req.body.text, etag: '"n2"' };
  res.json({ text: note.text });
});
app.get('/down', preconditions({ loadValidators: async () => { throw new Error('store down'); } }), (_req, res) => void res.send('never'));
app.get('/about', preconditions(), (_req, res) => void res.json({ name: 'after the fact' }));
app.use(preconditionErrors());
app.use((error, _req, res, _next) => void res.status(503).type('text/plain').send(error.message));
const server = app.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

const TYPES = `
import express, { type Request } from 'express';
import { preconditionErrors, preconditions, type ExpressPreconditionOptions } from '@precond/express';

const app = express();
const options: ExpressPreconditionOptions<Request<{ id: string }>> = {
  requirePreconditions: true,
  loadValidators: async (req) => ({ exists: req.params.id !== 'gone', etag: '"v1"' }),
};
app.patch('/notes/:id', preconditions(options), (req, res) => {
  const condition = res.locals.precond?.writeCondition;
  res.json({ id: req.params.id, condition });
});
app.use(preconditionErrors());
export { app };
`;

describe(`@precond/express installed beside express ${EXPRESS_4_FLOOR}`, () => {
  let project: InstalledProject;
  const servers: ReturnType<typeof spawn>[] = [];
  let base = '';

  beforeAll(async () => {
    project = await installFromTarballs(['@precond/core', '@precond/express'], {
      express: EXPRESS_4_FLOOR,
      '@types/express': '^4.17.21',
      '@types/node': '^20.0.0',
      typescript: '5.9.3',
    });
    writeFileSync(join(project.dir, 'server.mjs'), SERVER);
    writeFileSync(join(project.dir, 'types.ts'), TYPES);
    base = await startServer('server.mjs', project.dir, servers);
  });
  afterAll(() => {
    for (const server of servers) server.kill();
  });

  it(`runs Express ${EXPRESS_4_FLOOR}`, () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, 'node_modules/express/package.json'), 'utf8'));
    expect(manifest.version).toBe(EXPRESS_4_FLOOR);
  });

  it('serves 304, 428, 412 (If-Match and a thrown PreconditionFailedError) and a write from an async loader', async () => {
    const first = await fetch(`${base}/note`);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"n1"');
    expect((await fetch(`${base}/note`, { headers: { 'if-none-match': '"n1"' } })).status).toBe(304);
    const patch = (headers: Record<string, string>) =>
      fetch(`${base}/note`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ text: 'second' }),
      });
    expect((await patch({})).status).toBe(428);
    const stale = await patch({ 'if-match': '"n0"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.headers.get('etag')).toBe('"n1"');
    const written = await patch({ 'if-match': '"n1"' });
    expect(written.status).toBe(200);
    expect(await written.json()).toEqual({ text: 'second' });
    expect((await fetch(`${base}/note`)).headers.get('etag')).toBe('"n2"');
  });

  it("passes a loader's rejection to the app's error handler, and tags a response after the fact", async () => {
    const down = await fetch(`${base}/down`);
    expect(down.status).toBe(503);
    expect(await down.text()).toBe('store down');
    const about = await fetch(`${base}/about`);
    const tag = about.headers.get('etag') as string;
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect((await fetch(`${base}/about`, { headers: { 'if-none-match': tag } })).status).toBe(304);
  });

  it("type-checks the middleware against Express 4's types", async () => {
    expect(await typeErrors(project.exec, ['types.ts'])).toEqual([]);
  });
});
