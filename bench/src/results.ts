/**
 * What a section hands the report: tables of figures, the goals it checked and the ratios to chart.
 * Each section's result is kept under `.results/` so that `BENCH_ONLY` can re-run one section and
 * still render the whole report.
 *
 * @module
 */

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SectionName } from './settings.js';

export interface Table {
  readonly caption?: string | undefined;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * `met` when the ratio and every round's reach the goal, `missed` when they all fall short,
 * `undecided` when the rounds fall on both sides: the machine's noise was then larger than the margin,
 * and only a longer run on a quieter machine can tell.
 */
export type Verdict = 'met' | 'missed' | 'undecided';

export function verdictOf(ratio: number, roundRatios: readonly number[], goal: number): Verdict {
  const all = [ratio, ...roundRatios];
  if (all.every((r) => r >= goal)) return 'met';
  if (all.every((r) => r < goal)) return 'missed';
  return 'undecided';
}

/** A goal from issue #7 (or #17: Express and Fastify), checked against this run's figures. */
export interface Goal {
  readonly text: string;
  readonly verdict: Verdict;
  /** The figures that decided it, and when missed, what stands in the way. */
  readonly detail: string;
}

/** One bar of the chart: precond's figure divided by its comparison's, higher is better. */
export interface ChartBar {
  readonly label: string;
  readonly ratio: number;
  /** The ratio the goal asks for, drawn as a mark on the bar. */
  readonly goal?: number | undefined;
  /** The ratio round by round, which decide whether the goal is met, missed or undecided. */
  readonly roundRatios?: readonly number[] | undefined;
}

export interface SectionResult {
  readonly name: SectionName;
  readonly title: string;
  /** How the figures were taken, one paragraph each. */
  readonly method: readonly string[];
  readonly startedAt: string;
  readonly seconds: number;
  /** The 1-minute load average when the section started and ended: other work on the machine. */
  readonly loadAverage: { readonly before: number; readonly after: number };
  readonly tables: readonly Table[];
  readonly goals: readonly Goal[];
  readonly bars: readonly ChartBar[];
  readonly notes: readonly string[];
}

export type SectionBody = Omit<SectionResult, 'name' | 'startedAt' | 'seconds' | 'loadAverage'>;

export async function saveSection(directory: string, result: SectionResult): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export async function loadSection(directory: string, name: SectionName): Promise<SectionResult | undefined> {
  try {
    return JSON.parse(await readFile(join(directory, `${name}.json`), 'utf8')) as SectionResult;
  } catch {
    return undefined;
  }
}

export async function clearSections(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}
