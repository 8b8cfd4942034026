/**
 * How long and how hard each measurement runs, from the environment so that a re-run on a quieter
 * machine can measure longer without touching the code.
 *
 * @module
 */

/** The comparisons of the benchmark, in the order `pnpm bench` runs them. */
export const SECTION_NAMES = [
  'evaluator',
  'adapters',
  'not-modified',
  'etag',
  'write-path',
  'express',
  'fastify',
  'storage',
  'hono',
  'instructions',
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface BenchSettings {
  /** `BENCH_SECONDS`: one HTTP measurement. @defaultValue 3 */
  readonly seconds: number;
  /** `BENCH_WARMUP`: the warm-up of each contender before its first measurement. @defaultValue 1 */
  readonly warmupSeconds: number;
  /** `BENCH_ROUNDS`: measurements of each contender, in alternating order. @defaultValue 2 */
  readonly rounds: number;
  /** `BENCH_CONNECTIONS`: autocannon's connections on the read paths. @defaultValue 10 */
  readonly connections: number;
  /** `BENCH_WRITERS`: concurrent writers on the write path. @defaultValue 30 */
  readonly writers: number;
  /** `BENCH_SLICE_MS`: one in-process measurement (evaluator, ETag generation). @defaultValue 700 */
  readonly sliceMs: number;
  /** `BENCH_INSTRUCTION_REQUESTS`: requests counted per server under callgrind. @defaultValue 2000 */
  readonly instructionRequests: number;
  /** `BENCH_INSTRUCTION_WARMUP`: requests before counting starts, for the JIT. @defaultValue 4000 */
  readonly instructionWarmup: number;
  /** `BENCH_INSTRUCTION_JOBS`: servers under callgrind at once (counts do not depend on load). @defaultValue 2 */
  readonly instructionJobs: number;
  /** `BENCH_ONLY`: a comma-separated list of sections to run; the others keep their last figures. */
  readonly sections: readonly SectionName[];
  /** True when every section runs: the report is then made from scratch. */
  readonly complete: boolean;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return value;
}

function selectedSections(): readonly SectionName[] {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return SECTION_NAMES;
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(SECTION_NAMES as readonly string[]).includes(name)) {
      throw new Error(`BENCH_ONLY: unknown section ${name} (known: ${SECTION_NAMES.join(', ')})`);
    }
  }
  return SECTION_NAMES.filter((name) => names.includes(name));
}

export function readSettings(): BenchSettings {
  const sections = selectedSections();
  return {
    seconds: positive('BENCH_SECONDS', 3),
    warmupSeconds: positive('BENCH_WARMUP', 1),
    rounds: Math.round(positive('BENCH_ROUNDS', 2)),
    connections: Math.round(positive('BENCH_CONNECTIONS', 10)),
    writers: Math.round(positive('BENCH_WRITERS', 30)),
    sliceMs: positive('BENCH_SLICE_MS', 700),
    instructionRequests: Math.round(positive('BENCH_INSTRUCTION_REQUESTS', 2000)),
    instructionWarmup: Math.round(positive('BENCH_INSTRUCTION_WARMUP', 4000)),
    instructionJobs: Math.round(positive('BENCH_INSTRUCTION_JOBS', 2)),
    sections,
    complete: sections.length === SECTION_NAMES.length,
  };
}
