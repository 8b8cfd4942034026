import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));

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

/** The source files reachable from `entry` through relative imports, with every specifier each one uses. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const specifiers = specifiersOf(readFileSync(file, 'utf8'));
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return graph;
}

describe("core's main entry", () => {
  const graph = importGraph(resolve(SOURCE, 'index.ts'));

  it('reaches the modules it re-exports', () => {
    const files = [...graph.keys()].map((file) => file.slice(SOURCE.length + 1));
    expect(files).toEqual(
      expect.arrayContaining([
        'index.ts',
        'evaluate.ts',
        'entity-tag.ts',
        'http-date.ts',
        'request-fields.ts',
      ]),
    );
    expect(files).not.toContain('etag/node.ts');
  });

  it('imports no node: module, directly or transitively', () => {
    const nodeImports = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((specifier) => specifier.startsWith('node:'))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(nodeImports).toEqual([]);
  });

  it('imports nothing but its own files', () => {
    const bare = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
    expect(bare).toEqual([]);
  });

  it('is what the import scan would catch: it sees node: imports in the etag entry', () => {
    const etag = importGraph(resolve(SOURCE, 'etag/node.ts'));
    expect([...etag.values()].flat()).toContain('node:crypto');
  });
});

describe("core's adapter entry", () => {
  const graph = importGraph(resolve(SOURCE, 'adapter.ts'));

  it('imports no node: module and nothing but its own files, directly or transitively', () => {
    const outside = [...graph.values()].flat().filter((specifier) => !specifier.startsWith('.'));
    expect(outside).toEqual([]);
  });
});
