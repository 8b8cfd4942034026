import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createReadmeTypeChecker } from './readme-type-check.js';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(PACKAGE, '.blocks', 'readme-type-check.test');

describe('createReadmeTypeChecker', () => {
  const checker = createReadmeTypeChecker(join(PACKAGE, '../../tsconfig.base.json'), PACKAGE);
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));

  it("fails a block that leans on another block's import (a module augmentation)", () => {
    // Block 1 imports @koa/bodyparser, which gives Koa's request a `body`; block 2 uses it without.
    const markdown = [
      '```ts',
      "import { bodyParser } from '@koa/bodyparser';",
      "import Koa from 'koa';",
      'new Koa().use(bodyParser());',
      '```',
      '```ts',
      "import type Koa from 'koa';",
      'export const read = (ctx: Koa.Context) => ctx.request.body;',
      '```',
    ].join('\n');
    const errors = checker.check('FIXTURE.md', markdown, join(OUT, 'augmentation'));
    expect(errors).toEqual([
      expect.stringMatching(/^FIXTURE\.md:8 \(ts block 2\): error TS2339: Property 'body' does not exist/),
    ]);
  });

  it('checks a continued block with the block before it, and names the README line of an error', () => {
    const markdown = [
      '```ts',
      'export const a = 1;',
      '```',
      '```ts continued',
      'const b: string = a;',
      '```',
    ].join('\n');
    expect(checker.check('FIXTURE.md', markdown, join(OUT, 'continued'))).toEqual([
      expect.stringMatching(/^FIXTURE\.md:5 \(ts block 2\): error TS2322: Type 'number' is not assignable/),
    ]);
  });
});
