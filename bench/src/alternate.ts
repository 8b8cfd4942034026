/**
 * Measuring contenders alternately: each is warmed up, then measured once per round, the order
 * reversed every other round (A B C, C B A, …) so that a machine that speeds up or slows down
 * during the run weighs on every contender alike, and ratios are taken from the same run.
 *
 * @module
 */

/** How much was done in how long: requests, operations or bytes. */
export interface Measurement {
  readonly count: number;
  readonly seconds: number;
}

export interface Contender<M extends Measurement = Measurement> {
  readonly name: string;
  measure(seconds: number): Promise<M>;
}

export interface Alternated<M extends Measurement = Measurement> {
  readonly name: string;
  readonly rounds: readonly M[];
  /** Total count over total time, all rounds together. */
  readonly rate: number;
}

export interface AlternationSettings {
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly rounds: number;
}

export function rateOf(measurements: readonly Measurement[]): number {
  const count = measurements.reduce((sum, m) => sum + m.count, 0);
  const seconds = measurements.reduce((sum, m) => sum + m.seconds, 0);
  return seconds > 0 ? count / seconds : 0;
}

export async function measureAlternately<M extends Measurement>(
  contenders: readonly Contender<M>[],
  settings: AlternationSettings,
): Promise<Alternated<M>[]> {
  for (const contender of contenders) await contender.measure(settings.warmupSeconds);
  const rounds = contenders.map(() => [] as M[]);
  for (let round = 0; round < settings.rounds; round++) {
    const order = contenders.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) rounds[index]!.push(await contenders[index]!.measure(settings.seconds));
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    rounds: rounds[index]!,
    rate: rateOf(rounds[index]!),
  }));
}

/** subject ÷ baseline, overall and round by round (the spread shows how steady the machine was). */
export interface Ratio {
  readonly ratio: number;
  readonly roundRatios: readonly number[];
}

export function ratioOf(subject: Alternated, baseline: Alternated): Ratio {
  return {
    ratio: subject.rate / baseline.rate,
    roundRatios: subject.rounds.map((m, i) => rateOf([m]) / rateOf([baseline.rounds[i]!])),
  };
}

/** Finds a contender's result by name; a typo is a bug in the section, not a missing figure. */
export function pick<M extends Measurement>(results: readonly Alternated<M>[], name: string): Alternated<M> {
  const found = results.find((result) => result.name === name);
  if (!found) throw new Error(`no contender named ${name}`);
  return found;
}
