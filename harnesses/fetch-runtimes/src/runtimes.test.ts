import type { ChildProcess } from 'node:child_process';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// @precond/fetch from its tarball, under real non-Node runtimes: each serves src/resource-server.mjs
// and the same conditional cases run against it over HTTP. The runtimes are this package's
// devDependencies (`bun` and `deno` from npm, whose install scripts put the binary in place); a
// missing one fails with the command that installs it, never skips.

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_HINT =
  'run `pnpm install` at the repository root: `bun` and `deno` are devDependencies of harnesses/fetch-runtimes, ' +
  'and pnpm runs their install scripts (they are in onlyBuiltDependencies in pnpm-workspace.yaml)';

interface Runtime {
  readonly name: 'bun' | 'deno';
  /** The command line that runs `file` in the project folder. */
  readonly args: (file: string) => readonly string[];
}

const RUNTIMES: readonly Runtime[] = [
  { name: 'bun', args: (file) => [file] },
  // The project's package.json and node_modules resolve `@precond/fetch` (Deno 2's npm support).
  { name: 'deno', args: (file) => ['run', '--allow-net', '--allow-read', '--allow-env', file] },
];

/** The runtime's binary in this package's node_modules, or a failure saying how to get it. */
function binaryOf(name: Runtime['name']): string {
  const binary = join(PACKAGE, 'node_modules', '.bin', name);
  const version = existsSync(binary) ? spawnSync(binary, ['--version'], { encoding: 'utf8' }) : undefined;
  if (version?.status !== 0) {
    throw new Error(`${name} is not installed or does not run here (${binary}): ${INSTALL_HINT}`);
  }
  return binary;
}

/** Starts the resource server; resolves with its base URL and the runtime it says it runs on. */
function startServer(
  command: string,
  args: readonly string[],
  cwd: string,
  children: ChildProcess[],
): Promise<{ base: string; runtime: string }> {
  const child = spawn(command, [...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /PORT=(\d+)/.exec(output)?.[1];
      const runtime = /RUNTIME=(.+)/.exec(output)?.[1];
      if (port && runtime) resolve({ base: `http://127.0.0.1:${port}`, runtime: runtime.trim() });
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code} before listening`)));
  });
}

describe.each(RUNTIMES)('@precond/fetch from its tarball on $name', ({ name, args }) => {
  const children: ChildProcess[] = [];
  let base = '';
  let runtime = '';
  let dir = '';

  beforeAll(async () => {
    const binary = binaryOf(name);
    const tarballs = inject('tarballs');
    dir = mkdtempSync(join(tmpdir(), `precond-${name}-`));
    const dependencies = Object.fromEntries(
      Object.entries(tarballs).map(([pkg, file]) => [pkg, `file:${file}`]),
    );
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'runtime-proof', private: true, type: 'module', dependencies }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    copyFileSync(join(PACKAGE, 'src/resource-server.mjs'), join(dir, 'server.mjs'));
    ({ base, runtime } = await startServer(binary, args('server.mjs'), dir, children));
  });
  afterAll(() => {
    for (const child of children) child.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const send = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);
  const put = (text: string, headers: Record<string, string> = {}) =>
    send('/doc', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ text }),
    });

  it(`is served by ${name} itself, not Node.js`, () => {
    expect(runtime.split(' ')[0]).toBe(name);
  });

  it('answers a GET with the ETag and a matching If-None-Match with 304 and no body (GET and HEAD)', async () => {
    const first = await send('/doc');
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"v1"');
    expect(await first.json()).toEqual({ text: 'first' });
    const again = await send('/doc', { headers: { 'if-none-match': '"v0", "v1"' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe('"v1"');
    expect(await again.text()).toBe('');
    expect((await send('/doc', { method: 'HEAD', headers: { 'if-none-match': 'W/"v1"' } })).status).toBe(304);
  });

  it('answers 428 problem+json to a write without a precondition', async () => {
    const response = await put('blind');
    expect(response.status).toBe(428);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 428, instance: '/doc' });
  });

  it('answers 412 with the current ETag when the write loses its compare-and-set', async () => {
    const stale = await put('stale', { 'if-match': '"v0"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"v1"');
    expect(await stale.json()).toMatchObject({ status: 412, title: 'Precondition Failed', etag: '"v1"' });
  });

  it('writes with the current If-Match, and the next conditional GET sees the new version', async () => {
    const written = await put('second', { 'if-match': '"v1"' });
    expect(written.status).toBe(200);
    expect(written.headers.get('etag')).toBe('"v2"');
    const changed = await send('/doc', { headers: { 'if-none-match': '"v1"' } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"v2"');
    expect(await changed.json()).toEqual({ text: 'second' });
    // A GET whose If-Match no longer holds is a 412 too (RFC 9110 §13.1.1).
    expect((await send('/doc', { headers: { 'if-match': '"v1"' } })).status).toBe(412);
  });

  it('tags a response after the fact with the same SHA-1 tag as on Node, and answers 304 to it', async () => {
    const about = await send('/about');
    const tag = about.headers.get('etag') ?? '';
    // base64url(SHA-1('{"name":"tagged after the fact"}')), as @precond/core/etag computes it on Node.
    const { createHash } = await import('node:crypto');
    const expected = `"${createHash('sha1').update('{"name":"tagged after the fact"}').digest('base64url')}"`;
    expect(tag).toBe(expected);
    expect((await send('/about', { headers: { 'if-none-match': tag } })).status).toBe(304);
  });

  it('never answers 500 to malformed condition fields', async () => {
    for (const [field, value] of [
      ['if-match', '"unterminated'],
      ['if-none-match', ',,,'],
      ['if-modified-since', 'not a date'],
      ['if-unmodified-since', 'Tue, 99 Foo 2026'],
    ] as const) {
      const response = await send('/doc', { headers: { [field]: value } });
      expect([200, 304, 412]).toContain(response.status);
    }
  });
});
