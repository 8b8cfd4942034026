import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHED_PACKAGES } from './published-packages.js';

// The release as CI would run it — `changeset version`, build, publish — in a copy of the workspace, so
// the real tree keeps its changesets and versions; publish with --dry-run, so nothing leaves the machine.
// The global setup has built every published package.

const run = promisify(execFile);
const ROOT = join(PUBLISHED_PACKAGES[0].dir, '../..');

interface WorkspacePackage {
  readonly name: string;
  readonly path: string;
  readonly private?: boolean;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface DryRun {
  readonly id: string;
  readonly files: readonly { path: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

let copy = '';
let workspace: WorkspacePackage[] = [];
const versionsBefore = new Map<string, string>();
const dryRuns = new Map<string, DryRun>();

/** The copy's folder for a workspace package. */
const inCopy = (pkg: WorkspacePackage) => join(copy, relative(ROOT, pkg.path));

beforeAll(async () => {
  const { stdout } = await run('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: ROOT });
  workspace = (JSON.parse(stdout) as WorkspacePackage[]).filter((pkg) => pkg.path !== ROOT);
  copy = mkdtempSync(join(tmpdir(), 'precond-release-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'LICENSE', '.changeset']) {
    cpSync(join(ROOT, file), join(copy, file), { recursive: true });
  }
  const published = new Set<string>(PUBLISHED_PACKAGES.map(({ name }) => name));
  for (const pkg of workspace) {
    versionsBefore.set(pkg.name, readJson<Manifest>(join(pkg.path, 'package.json')).version);
    if (published.has(pkg.name)) {
      // The whole folder, tests included: `files` must keep them out.
      cpSync(pkg.path, inCopy(pkg), {
        recursive: true,
        filter: (source) => basename(source) !== 'node_modules',
      });
    } else {
      // `changeset version` only reads the other packages' manifests.
      mkdirSync(inCopy(pkg), { recursive: true });
      cpSync(join(pkg.path, 'package.json'), join(inCopy(pkg), 'package.json'));
    }
  }
  // A changeset of the test's own, so that the version moves even when none is pending.
  writeFileSync(
    join(copy, '.changeset/release-dry-run.md'),
    "---\n'@precond/core': patch\n---\n\nDry run.\n",
  );
  await run('git', ['init', '--quiet'], { cwd: copy });
  await run(join(ROOT, 'node_modules/.bin/changeset'), ['version'], { cwd: copy });

  for (const { name } of PUBLISHED_PACKAGES) {
    const pkg = workspace.find((candidate) => candidate.name === name);
    if (!pkg) throw new Error(`${name} is not in the workspace`);
    // pnpm rewrites `workspace:*` from the linked package's manifest: link the copies, as install would.
    const manifest = readJson<Manifest>(join(inCopy(pkg), 'package.json'));
    for (const [dependency, range] of Object.entries({
      ...manifest.dependencies,
      ...manifest.devDependencies,
    })) {
      const target = workspace.find((candidate) => candidate.name === dependency);
      if (!range.startsWith('workspace:') || !target) continue;
      const link = join(inCopy(pkg), 'node_modules', dependency);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(inCopy(target), link, 'dir');
    }
    const { stdout: json } = await run('pnpm', ['publish', '--dry-run', '--no-git-checks', '--json'], {
      cwd: inCopy(pkg),
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    dryRuns.set(name, (JSON.parse(json) as Record<string, DryRun>)[name] as DryRun);
  }
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('changeset version', () => {
  it('moves every published package to one new version, with a changelog each', () => {
    const versions = PUBLISHED_PACKAGES.map(
      ({ dir }) => readJson<Manifest>(join(copy, relative(ROOT, dir), 'package.json')).version,
    );
    expect(new Set(versions).size).toBe(1);
    expect(versions[0]).not.toBe(versionsBefore.get('@precond/core'));
    for (const { dir } of PUBLISHED_PACKAGES) {
      expect(existsSync(join(copy, relative(ROOT, dir), 'CHANGELOG.md'))).toBe(true);
    }
  });

  it('leaves every private package at its version, with no changelog', () => {
    const privates = workspace.filter((pkg) => pkg.private);
    expect(privates.length).toBeGreaterThan(0);
    for (const pkg of privates) {
      expect(readJson<Manifest>(join(inCopy(pkg), 'package.json')).version, pkg.name).toBe(
        versionsBefore.get(pkg.name),
      );
      expect(existsSync(join(inCopy(pkg), 'CHANGELOG.md')), pkg.name).toBe(false);
    }
  });

  it('consumes every changeset', () => {
    expect(readdirSync(join(copy, '.changeset')).filter((file) => file.endsWith('.md'))).toEqual([]);
  });
});

describe.each(PUBLISHED_PACKAGES)('pnpm publish --dry-run of $name', ({ name, dir }) => {
  const files = () => (dryRuns.get(name)?.files ?? []).map(({ path }) => path);

  it('publishes the new version', () => {
    const { version } = readJson<Manifest>(join(copy, relative(ROOT, dir), 'package.json'));
    expect(dryRuns.get(name)?.id).toBe(`${name}@${version}`);
  });

  it('ships its LICENSE, README, manifest and entry points', () => {
    expect(files()).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']),
    );
  });

  it('ships compiled output, its maps and the sources they point to, and nothing else', () => {
    const unexpected = files().filter(
      (file) =>
        !['LICENSE', 'README.md', 'package.json'].includes(file) &&
        !/^dist\/.+\.(js|d\.ts)(\.map)?$/.test(file) &&
        !/^src\/.+(?<!\.test|\.test-d|\.bench)\.ts$/.test(file),
    );
    expect(unexpected).toEqual([]);
  });

  it('ships no compiled file whose source is gone', () => {
    const sources = new Set(files().filter((file) => file.startsWith('src/')));
    const orphans = files()
      .filter((file) => file.startsWith('dist/'))
      .map((file) => file.replace(/^dist\//, 'src/').replace(/\.(js|d\.ts)(\.map)?$/, '.ts'))
      .filter((source) => !sources.has(source));
    expect(orphans).toEqual([]);
  });
});
