import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));
const CORE = resolve(SOURCE, '../../core');
const FETCH = resolve(SOURCE, '../../fetch');
const WORKSPACE_PACKAGES: Record<string, string> = { '@precond/core': CORE, '@precond/fetch': FETCH };

/**
 * Every module specifier in a source file: static imports and re-exports (`import type` included)
 * and dynamic imports.
 */
function specifiersOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

/**
 * The source file a `@precond/core` or `@precond/fetch` specifier names, through the package's
 * `dev-source` export condition.
 */
function workspaceSource(specifier: string): string | undefined {
  const name = specifier.split('/').slice(0, 2).join('/');
  const dir = WORKSPACE_PACKAGES[name];
  if (dir === undefined) return undefined;
  const manifest = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, { 'dev-source'?: string } | string>;
  };
  const entry = manifest.exports[`.${specifier.slice(name.length)}`];
  return typeof entry === 'object' && entry['dev-source'] ? resolve(dir, entry['dev-source']) : undefined;
}

/**
 * The source files reachable from `entry` through relative imports and into `@precond/core` and
 * `@precond/fetch`, with
 * every specifier each one uses.
 */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const specifiers = specifiersOf(readFileSync(file, 'utf8'));
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      const source = workspaceSource(specifier);
      if (source !== undefined) pending.push(source);
    }
  }
  return graph;
}

const nodeImportsOf = (graph: Map<string, string[]>) =>
  [...graph].flatMap(([file, specifiers]) =>
    specifiers
      .filter((specifier) => specifier.startsWith('node:'))
      .map((specifier) => `${file}: ${specifier}`),
  );

describe('the App Router entry (@precond/next)', () => {
  const graph = importGraph(resolve(SOURCE, 'index.ts'));
  const files = [...graph.keys()];

  it('reaches its own modules, @precond/fetch and core, through the Web Crypto generator', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        resolve(SOURCE, 'with-preconditions.ts'),
        resolve(FETCH, 'src/after-the-fact.ts'),
        resolve(CORE, 'src/index.ts'),
        resolve(CORE, 'src/etag/web.ts'),
      ]),
    );
    expect(files).not.toContain(resolve(CORE, 'src/etag/node.ts'));
    expect(files.filter((file) => file.startsWith(resolve(SOURCE, 'pages')))).toEqual([]);
  });

  it('imports no node: module, directly or transitively, so it runs on the Edge runtime', () => {
    expect(nodeImportsOf(graph)).toEqual([]);
  });

  it('imports no package but @precond/core and @precond/fetch (and not next, not even for types)', () => {
    const bare = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
    expect(new Set(bare)).toEqual(
      new Set([
        '@precond/core',
        '@precond/core/adapter',
        '@precond/core/etag-web',
        '@precond/fetch',
        '@precond/fetch/adapter',
      ]),
    );
  });

  it('is what the import scan would catch: it sees node: imports in the Pages entry', () => {
    const pages = importGraph(resolve(SOURCE, 'pages/index.ts'));
    expect(nodeImportsOf(pages).join('\n')).toMatch(/node:crypto/);
  });
});
