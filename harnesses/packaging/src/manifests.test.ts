import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_PACKAGES } from './published-packages.js';

const run = promisify(execFile);
const ROOT = join(PUBLISHED_PACKAGES[0].dir, '../..');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * Each framework range a package claims, and where a test installs the lowest major it admits: a new
 * major (or a dropped one) changes this table and the test that proves it.
 */
const PEER_RANGES: Record<string, Record<string, string>> = {
  '@precond/core': {},
  '@precond/client': {},
  // Plain Fetch Request/Response: no framework.
  '@precond/fetch': {},
  // koa-2.test.ts installs koa 2.13.0; packaging.test.ts the newest koa 3.
  '@precond/koa': { koa: '^2.13.0 || ^3.0.0' },
  // packaging.test.ts and the adapter's own tests: hapi 21.
  '@precond/hapi': { '@hapi/hapi': '^21.0.0' },
  // packaging.test.ts and the adapter's own tests: Next.js 16 (15 is not tested, so not claimed).
  '@precond/next': { next: '^16.0.0' },
  // express-4.test.ts installs express 4.21.0, packaging.test.ts the newest 5; the adapter's own
  // tests run on 4.22.3 and 5.
  '@precond/express': { express: '^4.21.0 || ^5.0.0' },
  // The adapter's own tests and packaging.test.ts: Hono 4.
  '@precond/hono': { hono: '^4.0.0' },
  // the adapter's own tests: Fastify 5.
  '@precond/fastify': { fastify: '^5.0.0' },
  // Reaches its drivers through structural types (no peer); the builders' entry points import them.
  // postgres-package.test.ts installs drizzle-orm 0.45 and kysely 0.28 (0.29 needs Node.js 22).
  '@precond/postgres': { 'drizzle-orm': '^0.45.0', kysely: '^0.28.0' },
};

describe.each(PUBLISHED_PACKAGES)('$name package.json', ({ name, dir }) => {
  const manifest = readJson(join(dir, 'package.json'));
  const folder = relative(ROOT, dir);

  it('says where its code, home page and issue tracker are', () => {
    expect(manifest.repository).toEqual({
      type: 'git',
      url: 'git+https://github.com/precond/precond.git',
      directory: folder,
    });
    expect(manifest.homepage).toBe(`https://github.com/precond/precond/tree/main/${folder}#readme`);
    expect(manifest.bugs).toEqual({ url: 'https://github.com/precond/precond/issues' });
  });

  it('is MIT-licensed, public and free of side effects', () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.publishConfig).toEqual({ access: 'public' });
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.private).toBeUndefined();
  });

  it("claims the workspace's Node.js floor", () => {
    expect(manifest.engines).toEqual(readJson(join(ROOT, 'package.json')).engines);
  });

  it('claims only the framework ranges a test installs', () => {
    expect(manifest.peerDependencies ?? {}).toEqual(PEER_RANGES[name]);
  });
});

describe('changesets configuration', () => {
  const config = readJson(join(ROOT, '.changeset/config.json'));

  it('versions the published packages as one fixed group and ignores every private package', async () => {
    const { stdout } = await run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: ROOT });
    const workspace = (JSON.parse(stdout) as { name: string; path: string; private?: boolean }[]).filter(
      (pkg) => pkg.path !== ROOT,
    );
    const published = PUBLISHED_PACKAGES.map(({ name }) => name).sort();
    expect(
      workspace
        .filter((pkg) => !pkg.private)
        .map((pkg) => pkg.name)
        .sort(),
    ).toEqual(published);
    expect(config.fixed.map((group: string[]) => [...group].sort())).toEqual([published]);
    expect([...config.ignore].sort()).toEqual(
      workspace
        .filter((pkg) => pkg.private)
        .map((pkg) => pkg.name)
        .sort(),
    );
  });
});
