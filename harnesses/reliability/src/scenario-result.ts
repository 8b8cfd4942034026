/**
 * What every scenario hands back: the figures for the report's table and the claim's violations,
 * which the scenario's test asserts are none.
 *
 * @module
 */

/** The cells of a scenario's row in the report's summary table; an absent one shows as "—". */
export interface SummaryFigures {
  /** HTTP requests the scenario sent. */
  readonly requests: number;
  /** Rounds, or clients × operations. */
  readonly rounds?: string;
  /** Writes answered 2xx: race winners, acknowledged increments. */
  readonly acknowledged?: number;
  /** 412 answers. */
  readonly conflicts?: number;
  /** Writes found in the database afterwards, against those expected: `600 / 600`. */
  readonly found?: string;
  /** 5xx answers (a 503 during an outage included). */
  readonly serverErrors: number;
  /** The slowest response, in milliseconds. */
  readonly maxMs: number;
  /** What was broken and how long recovery took. */
  readonly fault?: string;
}

/** One scenario's outcome. */
export interface ScenarioResult {
  /** Its name, such as `Lost-update race`. */
  readonly title: string;
  /** What it claims, in one sentence. */
  readonly claim: string;
  /** What ran: `koa, hapi, next on one PostgreSQL`. */
  readonly setting: string;
  readonly summary: SummaryFigures;
  /** Further figures, `[label, value]`, in the order the report lists them. */
  readonly details: readonly (readonly [string, string | number])[];
  /** Every contradiction of the claim found; empty when the claim held. */
  readonly violations: readonly string[];
}

/** `koa, hapi, next`. */
export function names(items: readonly { readonly name: string }[]): string {
  return items.map((item) => item.name).join(', ');
}

/** Milliseconds, rounded for a table. */
export function ms(value: number): number {
  return Math.round(value * 10) / 10;
}
