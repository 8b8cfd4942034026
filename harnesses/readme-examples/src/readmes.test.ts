import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReadmeTypeChecker } from './readme-type-check.js';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(PACKAGE, '../..');
/** The READMEs users read: the root one and the published packages'. */
const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/koa/README.md',
  'packages/hapi/README.md',
  'packages/fastify/README.md',
  'packages/next/README.md',
  'packages/client/README.md',
  'packages/express/README.md',
  'packages/fetch/README.md',
  'packages/hono/README.md',
  'packages/postgres/README.md',
];
/** Inside this package, so that the blocks resolve `@precond/*`, koa, hapi, fastify and next from its node_modules. */
const OUT = join(PACKAGE, '.blocks');

describe('README code', () => {
  rmSync(OUT, { recursive: true, force: true });
  const checker = createReadmeTypeChecker(join(ROOT, 'tsconfig.base.json'), PACKAGE);

  it.each(READMES)('every ts block of %s type-checks alone against the workspace packages', (readme) => {
    const markdown = readFileSync(join(ROOT, readme), 'utf8');
    const dir = join(OUT, readme.replace(/\/?README\.md$/, '') || 'root');
    expect(checker.check(readme, markdown, dir)).toEqual([]);
  });
});
