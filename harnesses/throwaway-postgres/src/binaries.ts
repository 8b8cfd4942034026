/**
 * Finding the PostgreSQL server programs installed on this machine.
 *
 * @module
 */

import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Where Debian and Ubuntu's `postgresql` packages put each major version's programs. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The programs a throwaway server needs. */
const REQUIRED_PROGRAMS = ['initdb', 'pg_ctl', 'postgres', 'psql'] as const;

/** Options for {@link findPostgresBinDir}. */
export interface FindPostgresBinDirOptions {
  /** A directory holding `initdb`, `pg_ctl`, `postgres` and `psql`; wins over `PG_BIN_DIR`. */
  readonly binDir?: string | undefined;
  /** Where to look for `<version>/bin` directories. @defaultValue '/usr/lib/postgresql' */
  readonly searchRoot?: string | undefined;
}

const INSTALL_HINT =
  'Install PostgreSQL with `apt-get install -y postgresql`, or set PG_BIN_DIR to the directory that holds initdb and pg_ctl.';

/**
 * The directory of the PostgreSQL server programs: `options.binDir`, else the `PG_BIN_DIR`
 * environment variable, else the newest `/usr/lib/postgresql/<version>/bin`.
 *
 * @throws Error naming `apt-get install -y postgresql` when no usable directory exists: a test that
 * needs PostgreSQL fails loudly rather than skipping.
 */
export async function findPostgresBinDir(options: FindPostgresBinDirOptions = {}): Promise<string> {
  const chosen = options.binDir ?? process.env.PG_BIN_DIR;
  if (chosen) {
    const missing = await missingPrograms(chosen);
    if (missing.length > 0) {
      throw new Error(`PostgreSQL programs ${missing.join(', ')} not found in ${chosen}. ${INSTALL_HINT}`);
    }
    return chosen;
  }
  const root = options.searchRoot ?? DEBIAN_ROOT;
  for (const version of await versionsNewestFirst(root)) {
    const binDir = join(root, version, 'bin');
    if ((await missingPrograms(binDir)).length === 0) return binDir;
  }
  throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin with initdb). ${INSTALL_HINT}`);
}

async function versionsNewestFirst(root: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  return entries.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
}

async function missingPrograms(binDir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const program of REQUIRED_PROGRAMS) {
    try {
      await access(join(binDir, program), constants.X_OK);
    } catch {
      missing.push(program);
    }
  }
  return missing;
}
