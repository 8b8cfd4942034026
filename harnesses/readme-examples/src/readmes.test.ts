import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { groupCodeBlocks, readCodeBlocks } from './readme-blocks.js';

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

/** Where a generated module's lines come from. */
interface Source {
  readonly readme: string;
  /** Lines of prelude before the first block. */
  readonly preludeLines: number;
  /** Each block in the module: its number, README line, and first line in the module (0-based). */
  readonly blocks: readonly { readonly number: number; readonly line: number; readonly start: number }[];
}

/** Writes each block (with the blocks that continue it) to its own module, remembering where each came from. */
function writeBlocks(): Map<string, Source> {
  rmSync(OUT, { recursive: true, force: true });
  const sources = new Map<string, Source>();
  for (const readme of READMES) {
    const { prelude, blocks } = readCodeBlocks(readFileSync(join(ROOT, readme), 'utf8'));
    const dir = join(OUT, readme.replace(/\/?README\.md$/, '') || 'root');
    mkdirSync(dir, { recursive: true });
    // `export {}` keeps a block without imports a module, so modules never see each other's names.
    const head = `${prelude}\nexport {};\n`;
    const preludeLines = head.split('\n').length - 1;
    for (const group of groupCodeBlocks(blocks)) {
      let start = preludeLines;
      const placed = group.map((block) => {
        const at = { number: block.number, line: block.line, start };
        start += block.code.split('\n').length;
        return at;
      });
      const file = join(dir, `block-${group[0]?.number}.ts`);
      writeFileSync(file, head + group.map((block) => block.code).join('\n'));
      sources.set(file, { readme, preludeLines, blocks: placed });
    }
  }
  return sources;
}

/** One program for every block, with the workspace's compiler options (and its `dev-source` condition). */
function typeCheck(files: readonly string[]): readonly ts.Diagnostic[] {
  const base = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile).config;
  const { options } = ts.parseJsonConfigFileContent(base, ts.sys, PACKAGE);
  const program = ts.createProgram(files, { ...options, noEmit: true, jsx: ts.JsxEmit.ReactJSX });
  return ts.getPreEmitDiagnostics(program);
}

/** `packages/koa/README.md:41 (ts block 2): error TS2345: …` */
function describeDiagnostic(diagnostic: ts.Diagnostic, sources: Map<string, Source>): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const file = diagnostic.file;
  const source = file && sources.get(resolve(file.fileName));
  if (!file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line } = file.getLineAndCharacterOfPosition(diagnostic.start);
  if (!source) return `${relative(ROOT, file.fileName)}:${line + 1}: error TS${diagnostic.code}: ${message}`;
  const block = source.blocks.findLast((candidate) => candidate.start <= line);
  const where = block
    ? `${source.readme}:${block.line + line - block.start} (ts block ${block.number})`
    : `${source.readme} (its ts-prelude, line ${line + 1})`;
  return `${where}: error TS${diagnostic.code}: ${message}`;
}

describe('README code', () => {
  it('every ts block of the published READMEs type-checks against the workspace packages', () => {
    const sources = writeBlocks();
    expect(sources.size).toBeGreaterThan(0);
    const errors = typeCheck([...sources.keys()]).map((d) => describeDiagnostic(d, sources));
    expect(errors).toEqual([]);
  });
});
