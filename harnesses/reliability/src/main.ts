// `pnpm reliability`: every scenario once, against a throwaway PostgreSQL server and the built apps,
// then docs/reliability.md at the repository root. Exits 1 when a claim did not hold.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import postgres from 'postgres';
import { builtApps, REPOSITORY_ROOT } from './apps.js';
import { type ReportEntry, renderReport } from './report.js';
import { SCENARIOS } from './scenarios.js';

const startedAt = new Date();
const apps = builtApps();
const server = await startThrowawayPostgres();
const entries: ReportEntry[] = [];
let postgresVersion = 'PostgreSQL';
try {
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
  postgresVersion = `PostgreSQL ${row?.version.split(' ')[0]}`;
  await sql.end();
  for (const scenario of SCENARIOS) {
    process.stdout.write(`${scenario.name} … `);
    const began = performance.now();
    try {
      const result = await scenario.run({ postgresUrl: server.url, apps });
      entries.push({ name: scenario.name, durationMs: performance.now() - began, result });
      console.log(result.violations.length === 0 ? 'held' : `${result.violations.length} violations`);
      for (const violation of result.violations) console.log(`  ${violation}`);
    } catch (error) {
      entries.push({ name: scenario.name, durationMs: performance.now() - began, error: String(error) });
      console.log(`error: ${String(error)}`);
    }
  }
} finally {
  await server.stop();
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
})();
const report = renderReport(entries, {
  startedAt: `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  durationMs: Date.now() - startedAt.getTime(),
  commit,
  node: process.version,
  postgres: postgresVersion,
  cpus: availableParallelism(),
  apps: apps.map((app) => app.name),
});
const target = join(REPOSITORY_ROOT, 'docs', 'reliability.md');
await mkdir(join(REPOSITORY_ROOT, 'docs'), { recursive: true });
await writeFile(target, report);
console.log(`wrote ${target}`);
process.exitCode = entries.some((entry) => entry.error !== undefined || entry.result!.violations.length > 0)
  ? 1
  : 0;
