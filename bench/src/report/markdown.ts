/**
 * results.md: the machine, every figure beside its comparison with the ratio, and each goal of
 * issue #7 marked met or missed.
 *
 * @module
 */

import type { Machine } from '../machine.js';
import type { Goal, SectionResult, Table, Verdict } from '../results.js';
import type { BenchSettings } from '../settings.js';

export interface Report {
  readonly machine: Machine;
  readonly settings: BenchSettings;
  readonly sections: readonly SectionResult[];
  readonly totalSeconds: number;
}

function table({ caption, columns, rows }: Table): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const lines = [
    `| ${columns.map(escapeCell).join(' | ')} |`,
    `| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return caption ? `${caption}\n\n${lines.join('\n')}` : lines.join('\n');
}

function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
}

const MARKS: Record<Verdict, string> = {
  met: '✅ met',
  missed: '❌ **MISSED**',
  undecided: '❔ undecided (the rounds fall on both sides of the goal)',
};
const line = (goal: Goal) => `- ${MARKS[goal.verdict]} — ${goal.text}: ${goal.detail}`;

export function renderMarkdown({ machine, settings, sections, totalSeconds }: Report): string {
  const goals = sections.flatMap((section) => section.goals);
  const count = (verdict: Verdict) => goals.filter((goal) => goal.verdict === verdict).length;
  const out: string[] = [
    '# precond benchmark results',
    '',
    '<!-- Written by `pnpm bench` (bench/src/main.ts). Do not edit: run it again. -->',
    '',
    `precond side by side with what people use today, measured in the same run (issue #7; Express and Fastify: issue #17). Written by \`pnpm bench\` ` +
      `on ${new Date().toISOString().slice(0, 10)}; how each figure is taken is under its section, the harness is ` +
      '[`bench/`](README.md). A ratio is precond ÷ its comparison (requests, operations or bytes per second): ' +
      'above 1 precond is faster.',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${machine.cpu}, ${machine.cores} cores |`,
    `| memory | ${machine.memory} |`,
    `| OS | ${machine.os} |`,
    `| Node.js | ${machine.node} |`,
    `| commit | ${machine.commit} (plus any uncommitted changes in the work tree) |`,
    `| load average (1, 5, 15 min) at the start | ${machine.loadAverage.join(', ')} |`,
    `| settings | ${settings.seconds} s per HTTP measurement after a ${settings.warmupSeconds} s warm-up, ` +
      `${settings.rounds} measurements per contender in alternating order, ${settings.connections} connections ` +
      `(${settings.writers} on the write path); in-process slices of ${settings.sliceMs} ms |`,
    `| run time | ${duration(totalSeconds)}${settings.complete ? '' : ` (sections re-run: ${settings.sections.join(', ')})`} |`,
    '',
    'The machine was shared with other work during the run (its load average is given for each section): the ' +
      'absolute figures move with it, the ratios much less, since both sides of each comparison were measured ' +
      'alternately in the same minutes.',
    '',
    '![precond ÷ comparison, per figure](results.svg)',
    '',
    `## Goals: ${count('met')} met, ${count('missed')} missed, ${count('undecided')} undecided, of ${goals.length}`,
    '',
    "A goal is met when the ratio and every round's reach it, missed when they all fall short, and " +
      'undecided when the rounds fall on both sides: the noise of the machine was then larger than the ' +
      'margin, and a longer run on a quieter machine (`BENCH_SECONDS=5 BENCH_ROUNDS=4`) is needed to tell.',
    '',
    ...goals.map(line),
    '',
  ];
  for (const section of sections) {
    out.push(`## ${section.title}`, '');
    for (const paragraph of section.method) out.push(paragraph, '');
    for (const t of section.tables) out.push(table(t), '');
    if (section.goals.length > 0) {
      out.push(...section.goals.map(line), '');
    }
    for (const note of section.notes) out.push(note, '');
    out.push(
      `<sub>Section run ${section.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${duration(section.seconds)}; ` +
        `load average ${section.loadAverage.before} at its start, ${section.loadAverage.after} at its end.</sub>`,
      '',
    );
  }
  return out.join('\n');
}
