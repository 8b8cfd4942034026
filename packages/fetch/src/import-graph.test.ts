import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Edge-safe means: nothing the published entries load, however deep, is a Node built-in. This walks
// the built files (`dist`, what a bundler for Workers or Deno sees; turbo builds them before the
// tests), from each entry through relative imports and into the packages they import.

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

interface Manifest {
  readonly exports: Record<string, { readonly default?: string } | string>;
}

/** Every module specifier in a built file: static imports and re-exports, and dynamic imports. */
function specifiersOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

/** The built file a package specifier names (`default` condition), resolved from `from`'s package. */
function resolvePackage(specifier: string, from: string): string | undefined {
  const parts = specifier.split('/');
  const name = parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const root = resolve(dir, 'node_modules', name);
    if (!existsSync(resolve(root, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Manifest;
    const entry = manifest.exports[`.${specifier.slice(name.length)}`];
    const target = typeof entry === 'string' ? entry : entry?.default;
    return target === undefined ? undefined : resolve(root, target);
  }
  return undefined;
}

/** Every built file reachable from `entry`, with the specifiers it uses, and the specifiers not resolved. */
function importGraph(entry: string): { files: Map<string, string[]>; unresolved: string[] } {
  const files = new Map<string, string[]>();
  const unresolved: string[] = [];
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    const specifiers = specifiersOf(readFileSync(file, 'utf8'));
    files.set(file, specifiers);
    for (const specifier of specifiers) {
      if (NODE_BUILTINS.has(specifier)) continue;
      const target = specifier.startsWith('.')
        ? resolve(dirname(file), specifier)
        : resolvePackage(specifier, file);
      if (target === undefined || !existsSync(target)) unresolved.push(`${file}: ${specifier}`);
      else pending.push(target);
    }
  }
  return { files, unresolved };
}

const nodeImportsOf = (files: Map<string, string[]>) =>
  [...files].flatMap(([file, specifiers]) =>
    specifiers
      .filter((specifier) => NODE_BUILTINS.has(specifier))
      .map((specifier) => `${file}: ${specifier}`),
  );

const manifest = JSON.parse(readFileSync(resolve(PACKAGE, 'package.json'), 'utf8')) as Manifest;
const entries = Object.entries(manifest.exports).filter(([subpath]) => subpath !== './package.json');

describe.each(entries)('the built entry %s', (_subpath, entry) => {
  const target = typeof entry === 'string' ? entry : (entry.default ?? '');
  const { files, unresolved } = importGraph(resolve(PACKAGE, target));

  it('resolves every import it makes, into its own files and @precond/core', () => {
    expect(unresolved).toEqual([]);
    expect([...files.keys()].some((file) => file.includes('/core/dist/'))).toBe(true);
  });

  it('imports no Node built-in (node:crypto, buffer, stream…), directly or transitively', () => {
    expect(nodeImportsOf(files)).toEqual([]);
  });

  it('never reaches the node:crypto ETag generator, only the Web Crypto one', () => {
    const reached = [...files.keys()];
    expect(reached.some((file) => file.endsWith('/core/dist/etag/web.js'))).toBe(
      reached.some((file) => file.endsWith('/fetch/dist/after-the-fact.js')),
    );
    expect(reached.filter((file) => file.endsWith('/core/dist/etag/node.js'))).toEqual([]);
  });
});

describe('the scan', () => {
  it("catches a Node built-in: core's node:crypto ETag generator is flagged", () => {
    const core = resolvePackage('@precond/core/etag', resolve(PACKAGE, 'dist/index.js'));
    expect(core).toBeDefined();
    expect(nodeImportsOf(importGraph(core ?? '').files).join('\n')).toMatch(/node:crypto/);
  });

  it('reads bare built-in names too', () => {
    expect(
      specifiersOf("import { Buffer } from 'buffer';\nexport * from './a.js';").filter((s) =>
        NODE_BUILTINS.has(s),
      ),
    ).toEqual(['buffer']);
  });
});
