import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PrismaPg } from '@prisma/adapter-pg';
import { countLockWaiters, POOL_SIZE, throwawayPostgresForFile } from './postgres-server.js';
import type { SqlClient } from './sql-client.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

// The README's translator ("Prisma"), as a user writes it.
/** What the translator needs of Prisma's client, or of an interactive transaction's `tx`. */
interface PrismaRaw {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}
const fromPrisma = (prisma: PrismaRaw): SqlClient => ({
  query: (text, params) => prisma.$queryRawUnsafe<object[]>(text, ...params),
});

/** The part of a generated `PrismaClient` the tests use. */
interface PrismaClient extends PrismaRaw {
  $transaction<T>(
    work: (tx: PrismaRaw) => Promise<T>,
    options?: { readonly maxWait?: number; readonly timeout?: number },
  ): Promise<T>;
  $disconnect(): Promise<void>;
}
type PrismaClientClass = new (options: { adapter: PrismaPg }) => PrismaClient;

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside the package (and git-ignored), so that the generated client resolves `@prisma/client`. */
const GENERATED = join(PACKAGE, '.prisma-client');

/**
 * Runs `prisma generate` for a schema without models (the statements are raw SQL) and imports the
 * client. Prisma 7's Rust-free client (`engineType = "client"`, a driver adapter) needs no engine to
 * generate or to run, but the CLI still fetches its schema engine from binaries.prisma.sh before any
 * command unless `PRISMA_SCHEMA_ENGINE_BINARY` names a file: `generate` never runs it.
 */
async function generatedPrismaClient(): Promise<PrismaClientClass> {
  await mkdir(GENERATED, { recursive: true });
  const schema = join(GENERATED, 'schema.prisma');
  await writeFile(
    schema,
    `generator client {
  provider   = "prisma-client"
  output     = "./client"
  engineType = "client"
}

datasource db {
  provider = "postgresql"
}
`,
  );
  await promisify(execFile)(join(PACKAGE, 'node_modules/.bin/prisma'), ['generate', '--schema', schema], {
    cwd: PACKAGE,
    // CHECKPOINT_DISABLE: no version check against Prisma's servers.
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, CHECKPOINT_DISABLE: '1' },
  });
  const generated = (await import(join(GENERATED, 'client/client.ts'))) as {
    PrismaClient: PrismaClientClass;
  };
  return generated.PrismaClient;
}

const PrismaClient = await generatedPrismaClient();
const server = throwawayPostgresForFile();

defineVersionedTableSuite({
  name: 'Prisma 7 (@prisma/adapter-pg) on PostgreSQL',
  concurrent: true,
  async open() {
    const connectionString = await server().freshDatabaseUrl();
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: POOL_SIZE }) });
    const observer = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 1 }) });
    return {
      client: fromPrisma(prisma),
      // Interactive transactions time out after 5 s by default; the suite's writers queue for longer.
      transaction: (work) =>
        prisma.$transaction((tx) => work(fromPrisma(tx)), { maxWait: 60_000, timeout: 60_000 }),
      lockWaiters: () => countLockWaiters(fromPrisma(observer)),
      close: async () => {
        await Promise.all([prisma.$disconnect(), observer.$disconnect()]);
      },
    };
  },
});
