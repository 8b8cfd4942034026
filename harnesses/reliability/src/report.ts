/**
 * `docs/reliability.md`: one table a reviewer reads in a minute, then each scenario's figures and
 * the rules the figures are read by.
 *
 * @module
 */

import { LATENCY_GOAL_MS } from './hostile-input.js';
import type { ScenarioResult } from './scenario-result.js';

/** Where and how the run happened. */
export interface RunFacts {
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly commit: string;
  readonly node: string;
  readonly postgres: string;
  readonly cpus: number;
  readonly apps: readonly string[];
}

/** A scenario's result and how long it took; `error` when it could not finish at all. */
export interface ReportEntry {
  readonly name: string;
  readonly durationMs: number;
  readonly result?: ScenarioResult;
  readonly error?: string;
}

const cell = (value: string | number | undefined) =>
  value === undefined ? '—' : String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

const verdict = (entry: ReportEntry) =>
  entry.error !== undefined
    ? '**error**'
    : entry.result!.violations.length === 0
      ? 'held'
      : `**${entry.result!.violations.length} violations**`;

/** The report as Markdown. */
export function renderReport(entries: readonly ReportEntry[], facts: RunFacts): string {
  const failed = entries.filter((entry) => entry.error !== undefined || entry.result!.violations.length > 0);
  const lines: string[] = [
    '# Reliability report',
    '',
    `Written by \`pnpm reliability\` (harnesses/reliability) on ${facts.startedAt}, in ${Math.round(facts.durationMs / 1000)} s:`,
    `commit \`${facts.commit}\`, Node.js ${facts.node}, ${facts.postgres}, ${facts.cpus} CPUs, apps ${facts.apps.join(', ')}`,
    'as real processes on 127.0.0.1. The same scenarios, with the same assertions, run in `pnpm test`.',
    '',
    failed.length === 0
      ? `**Every claim held** (${entries.length} scenarios).`
      : `**${failed.length} of ${entries.length} scenarios did not hold**: ${failed.map((entry) => entry.name).join(', ')}.`,
    '',
    '| Scenario | Rounds | Requests | 2xx writes | 412 | Found afterwards | 5xx | Max latency | Fault | Result |',
    '|---|---|--:|--:|--:|---|--:|--:|---|---|',
  ];
  for (const entry of entries) {
    const summary = entry.result?.summary;
    lines.push(
      `| ${[
        entry.result?.title ?? entry.name,
        summary?.rounds,
        summary?.requests,
        summary?.acknowledged,
        summary?.conflicts,
        summary?.found,
        summary?.serverErrors,
        summary === undefined ? undefined : `${summary.maxMs} ms`,
        summary?.fault,
        verdict(entry),
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  lines.push('', '## Scenarios', '');
  for (const entry of entries) {
    lines.push(`### ${entry.result?.title ?? entry.name}`, '');
    if (entry.error !== undefined) {
      lines.push(`Could not finish: ${entry.error}`, '');
      continue;
    }
    const result = entry.result!;
    lines.push(
      `Claim: ${result.claim}.`,
      '',
      `Setting: ${result.setting}; took ${(entry.durationMs / 1000).toFixed(1)} s.`,
      '',
    );
    for (const [label, value] of result.details) lines.push(`- ${label}: ${value}`);
    lines.push(
      result.violations.length === 0
        ? '- violations: none'
        : `- violations:\n${result.violations.map((violation) => `  - ${violation}`).join('\n')}`,
      '',
    );
  }
  lines.push(...READING_NOTES);
  return `${lines.join('\n')}\n`;
}

/** How the figures are counted, and the trade-offs they show; the same in every report. */
const READING_NOTES: readonly string[] = [
  '## How to read the figures',
  '',
  '- **Requests** counts every HTTP request a scenario sent, reads included; **5xx** every answer of 500 or more',
  '  (during the database outage these are the expected 503s; everywhere else the claim is none).',
  '- **Writes under faults.** A write whose response never arrived (connection cut by a kill, or a 503 after the',
  '  database failed mid-statement) may or may not have been applied. Each client therefore appends a token',
  "  naming the attempt to the article's body along with `views + 1`, so the body is a log of the writes applied.",
  '  The claim checked is exact: every acknowledged token is in the log, no token is there that was refused or',
  '  never sent, and `views = acknowledged + applied-unknown`; hence',
  '  `acknowledged ≤ views ≤ acknowledged + unknown`. A lost update would show as a counter smaller than the log,',
  '  or an acknowledged token missing from it.',
  `- **Latency.** The goal is ${LATENCY_GOAL_MS} ms for every hostile request; the tests assert only a`,
  '  2,000 ms bound (a hang, not slowness: timing goals belong in benchmarks, and CI runs on two shared cores).',
  '  Under the race and retry loads the maximum includes queueing behind 30 concurrent clients.',
  '- **Dates never run ahead of the clock.** Each version is dated by the database clock when its statement',
  '  began, and records whether it is the only version in its second. Two writes in one second share a',
  '  Last-Modified; core then refuses that date as a guard (`If-Unmodified-Since` naming it is a 412 with the',
  '  ETag to use instead, `If-Modified-Since` naming it never a 304), so a stale date-guarded write still fails',
  '  across instances (the one-second hole stays closed), and no reply carries a Last-Modified later than its',
  '  own Date (RFC 9110 §8.8.2.1). The price moves to date-only clients: a version that shares its second',
  '  cannot be written by date at all, only with `If-Match`.',
  '- **PGlite** promises durability against a killed process (every commit reaches the kernel before the answer),',
  '  not against a power cut or a kernel crash: on Node it runs with `fsync` off (its default start parameter',
  '  `-F`), and the data directory is written through without an fsync. The PGlite kill figures measure the first.',
  '- **The database outage** ends every connection with `pg_terminate_backend` from a superuser connection and',
  '  makes the database refuse new ones (`ALLOW_CONNECTIONS false`) for a few seconds. postgres.js 3.4.9 then',
  '  retries the connections in a tight loop without failing the waiting statements (porsager/postgres#1193);',
  '  `@precond/domain` bounds every statement by the statement timeout, waiting for a connection included, so the',
  '  apps answer 503 within it. The retry loop itself (hundreds of connection attempts a second per pool while',
  '  the database refuses) remains until postgres.js fixes it.',
  '',
];
