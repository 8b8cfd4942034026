import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstalledProject, installFromTarballs } from './install-from-tarballs.js';
import { PUBLISHED_PACKAGES } from './published-packages.js';

const run = promisify(execFile);

describe.each(PUBLISHED_PACKAGES)('$name as published', ({ dir }) => {
  it('passes publint --strict', async () => {
    await run('pnpm', ['run', 'build'], { cwd: dir });
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

const SERVER = `
import Koa from 'koa';
import { preconditions, PreconditionFailedError } from '@precond/koa';
import { evaluatePreconditions } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';

let doc = { text: 'v1', etag: generateEntityTag('v1') };
const app = new Koa();
app.use(preconditions({
  requirePreconditions: true,
  validators: () => ({ exists: true, etag: doc.etag, lastModified: new Date('2026-01-01T00:00:00Z') }),
}));
app.use((ctx) => {
  if (ctx.method === 'PUT') doc = { text: 'v2', etag: generateEntityTag('v2') };
  ctx.body = { text: doc.text, proceeded: evaluatePreconditions(ctx, { exists: true }).outcome };
});
const server = app.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

const TYPES = `
import type { Validators, Evaluation, PreconditionOptions } from '@precond/core';
import { evaluatePreconditions } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';
import { generateEntityTag as generateWebEntityTag } from '@precond/core/etag-web';
import { preconditions, type KoaPreconditionOptions, type PreconditionState } from '@precond/koa';

const validators: Validators = { exists: true, etag: generateEntityTag('x') };
const evaluation: Evaluation = evaluatePreconditions({ method: 'GET', headers: {} }, validators);
const status: 304 | 412 | 428 | undefined = evaluation.status;
const options: KoaPreconditionOptions = { requirePreconditions: true, etag: 'weak' } satisfies PreconditionOptions;
const state: PreconditionState = {};
const web: Promise<string> = generateWebEntityTag('x');
export { status, options, state, web, preconditions };
`;

describe('installed with npm from the tarballs, outside the workspace', () => {
  let project: InstalledProject;
  let server: ReturnType<typeof spawn> | undefined;
  let base = '';

  beforeAll(async () => {
    project = await installFromTarballs({ koa: '^3.0.0', typescript: '5.9.3', '@types/koa': '^3.0.0' });
    writeFileSync(join(project.dir, 'server.mjs'), SERVER);
    writeFileSync(join(project.dir, 'types.ts'), TYPES);
    const child = spawn(process.execPath, ['server.mjs'], { cwd: project.dir });
    server = child;
    base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const port = /PORT=(\d+)/.exec(chunk.toString())?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  });
  afterAll(() => {
    server?.kill();
  });

  it('keeps no workspace: protocol in the installed manifests', async () => {
    const { stdout } = await project.exec('node', [
      '-e',
      "for (const p of ['core','koa']) console.log(JSON.stringify(require('./node_modules/@precond/'+p+'/package.json')))",
    ]);
    expect(stdout).not.toContain('workspace:');
  });

  it('serves 304, 428, 412 and a compare-and-set write from the installed packages', async () => {
    const first = await fetch(base);
    const etag = first.headers.get('etag') as string;
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ text: 'v1', proceeded: 'proceed' });
    expect((await fetch(base, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(base, { method: 'PUT' })).status).toBe(428);
    const stale = await fetch(base, { method: 'PUT', headers: { 'if-match': '"stale"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(etag);
    expect((await fetch(base, { method: 'PUT', headers: { 'if-match': etag } })).status).toBe(200);
  });

  it('resolves the types of every entry point under NodeNext', async () => {
    const result = await project
      .exec('npx', [
        'tsc',
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        'false',
        'types.ts',
      ])
      .then(
        () => 'ok',
        (error: { stdout?: string }) => error.stdout ?? 'failed',
      );
    expect(result).toBe('ok');
  });
});
