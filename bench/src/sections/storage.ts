/**
 * 8. `@precond/postgres`'s guarded update beside a plain `UPDATE … WHERE id = $1` on the same driver:
 * what the compare-and-set (tag test, new tag, dated version, the row returned) costs over the write a
 * team would send without a condition — as the driver sends it by default, and, to set the statement's
 * own cost apart, through the same prepared path as the guarded one, with and without the row
 * returned. One writer at a time, so that the figure is the statement's own cost, not the lock queue's.
 *
 * @module
 */

import { PGlite } from '@electric-sql/pglite';
import {
  createDeletions,
  fromNodePostgres,
  fromPglite,
  fromPostgresJs,
  type SqlClient,
  versionedTable,
  writtenRow,
} from '@precond/postgres';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import pg from 'pg';
import postgres from 'postgres';
import { measureAlternately, pick, ratioOf } from '../alternate.js';
import { perSecond, spread, times } from '../format.js';
import { asyncContender } from '../micro.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import type { BenchSettings } from '../settings.js';

interface BenchRow {
  readonly id: string;
  readonly title: string;
}

const rows = versionedTable<BenchRow, 'id'>({
  name: 'bench_rows',
  key: 'id',
  columns: { id: 'id', title: 'title' },
});

const CREATE = `CREATE TABLE IF NOT EXISTS bench_rows (id text PRIMARY KEY, title text NOT NULL, etag text NOT NULL,
  modified_at timestamptz NOT NULL, modified_at_strong boolean NOT NULL DEFAULT true)`;
const PLAIN_UPDATE = 'UPDATE bench_rows SET title = $2 WHERE id = $1';
/** The same write answering with the row as the guarded one does (its fields and version columns). */
const PLAIN_UPDATE_RETURNING = `UPDATE bench_rows SET title = $2 WHERE id = $1 RETURNING ${rows.selectList}`;

/** The goal of issue 19: the guarded update within 10 % of the plain one. */
const GOAL = 0.9;

interface Driver {
  readonly name: string;
  readonly client: SqlClient;
  /** The plain UPDATE as a team writes it with this driver, by the driver's own default call. */
  plainCall(id: string, title: string): Promise<void>;
  /** How {@link Driver.plainCall} reaches the database, for the report. */
  readonly plainCallText: string;
  close(): Promise<void>;
}

export async function storageSection(settings: BenchSettings): Promise<SectionBody> {
  const server = await startThrowawayPostgres();
  const pool = new pg.Pool({ connectionString: await server.freshDatabaseUrl('bench_pg'), max: 1 });
  const sql = postgres(await server.freshDatabaseUrl('bench_postgresjs'), { max: 1, onnotice: () => {} });
  const pglite = await PGlite.create();
  const drivers: Driver[] = [
    {
      name: 'node-postgres',
      client: fromNodePostgres(pool),
      async plainCall(id, title) {
        await pool.query(PLAIN_UPDATE, [id, title]);
      },
      plainCallText: '`pool.query(text, values)` (an unnamed statement, parsed and planned on every call)',
      close: () => pool.end(),
    },
    {
      name: 'postgres.js',
      client: fromPostgresJs(sql),
      async plainCall(id, title) {
        await sql`UPDATE bench_rows SET title = ${title} WHERE id = ${id}`;
      },
      plainCallText: "a tagged template, prepared once per connection by postgres.js's default",
      close: () => sql.end(),
    },
    {
      name: 'PGlite',
      client: fromPglite(pglite),
      async plainCall(id, title) {
        await pglite.query(PLAIN_UPDATE, [id, title]);
      },
      plainCallText: '`pglite.query(text, params)` (parsed and planned on every call)',
      close: () => pglite.close(),
    },
  ];
  const table: string[][] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  try {
    for (const { name, client, plainCall } of drivers) {
      await client.query(CREATE, []);
      await createDeletions(client);
      const guardedRow = writtenRow(await rows.insert(client, { id: 'guarded', title: 'A draft' }));
      for (const id of ['plain', 'prepared', 'returning']) {
        writtenRow(await rows.insert(client, { id, title: 'A draft' }));
      }
      let etag = guardedRow.etag;
      let edits = 0;
      const results = await measureAlternately(
        [
          asyncContender('guarded', async () => {
            const title = `Edit ${++edits}`;
            etag = writtenRow(
              await rows.update(client, 'guarded', { title }, { kind: 'etags', etags: [etag] }),
            ).etag;
          }),
          asyncContender('plain', () => plainCall('plain', `Edit ${++edits}`)),
          asyncContender('plain-prepared', async () => {
            await client.query(PLAIN_UPDATE, ['prepared', `Edit ${++edits}`]);
          }),
          asyncContender('plain-returning', async () => {
            const [row] = await client.query(PLAIN_UPDATE_RETURNING, ['returning', `Edit ${++edits}`]);
            if (row === undefined) throw new Error('the plain UPDATE returned no row');
          }),
        ],
        { warmupSeconds: settings.warmupSeconds, seconds: settings.seconds, rounds: settings.rounds },
      );
      const guarded = pick(results, 'guarded');
      const plain = pick(results, 'plain');
      const prepared = pick(results, 'plain-prepared');
      const returning = pick(results, 'plain-returning');
      const { ratio, roundRatios } = ratioOf(guarded, plain);
      const alike = ratioOf(guarded, prepared);
      const like = ratioOf(guarded, returning);
      table.push([
        name,
        perSecond(guarded.rate),
        perSecond(plain.rate),
        perSecond(prepared.rate),
        perSecond(returning.rate),
        `${times(ratio)} (${spread(roundRatios)})`,
        `${times(alike.ratio)} (${spread(alike.roundRatios)})`,
        `${times(like.ratio)} (${spread(like.roundRatios)})`,
      ]);
      bars.push({ label: `guarded update vs plain UPDATE (${name})`, ratio, goal: GOAL, roundRatios });
      bars.push({
        label: `guarded update vs plain UPDATE … RETURNING the row, prepared alike (${name})`,
        ratio: like.ratio,
        goal: GOAL,
        roundRatios: like.roundRatios,
      });
      goals.push({
        text: `${name}: the guarded update within 10 % of a plain UPDATE`,
        verdict: verdictOf(ratio, roundRatios, GOAL),
        detail: `${times(ratio)} the plain UPDATE's writes per second, the plain one sent by the driver's own call`,
      });
      goals.push({
        text: `${name}: the guarded update within 10 % of the plain UPDATE returning the same row, both prepared alike`,
        verdict: verdictOf(like.ratio, like.roundRatios, GOAL),
        detail: `${times(like.ratio)} its writes per second: the guard's own cost, the row's return and the driver's call set apart (without the row: ${times(alike.ratio)})`,
      });
    }
  } finally {
    await Promise.all(drivers.map((driver) => driver.close()));
    await server.stop();
  }
  return {
    title: "8. Storage: @precond/postgres's guarded update vs a plain UPDATE",
    method: [
      'One writer, one statement at a time, on one connection per driver (node-postgres `Pool` of 1, ' +
        'postgres.js with `max: 1`, PGlite in this process), against a throwaway PostgreSQL with ' +
        '`fsync=off`. The contenders alternate in slices of ' +
        `${settings.seconds} s, ${settings.rounds} per contender, after a ${settings.warmupSeconds} s warm-up, ` +
        'each on a row of its own in the same table.',
      '**guarded**: `versionedTable(…).update(client, id, { title }, { kind: "etags", etags: [last tag] })` ' +
        'through `fromNodePostgres` / `fromPostgresJs` / `fromPglite` with their defaults (each statement ' +
        'prepared once per connection): one `UPDATE` with the tag test, a new random tag and the dated ' +
        'version, returning the row. **plain**: `UPDATE bench_rows SET title = $2 WHERE id = $1`, what a ' +
        "route without a condition sends, by the driver's own call: " +
        drivers.map(({ name, plainCallText }) => `${name} ${plainCallText}`).join('; ') +
        '. **plain, prepared alike**: the same `UPDATE` through the same translator as the guarded one ' +
        '(prepared the same way), so that only the statements differ. **plain, returning the row**: that ' +
        'prepared `UPDATE` with `RETURNING` the fields and version columns the guarded statement returns — ' +
        "what a route answering with the written row sends — so that the guard's own cost (tag test, new " +
        'tag, dates) is set apart from the cost of returning a row.',
      'The goal of issue 19 compares with **plain**, the write a team sends without precond. PGlite parses ' +
        "and plans every statement its `query` is given, and so does node-postgres's unnamed statement; " +
        "precond's translators prepare theirs once, which is why the guarded update can come near a plain one " +
        'there. The two columns after it show what the statement itself costs when both sides are prepared.',
    ],
    tables: [
      {
        columns: [
          'driver',
          'guarded',
          'plain',
          'plain, prepared alike',
          'plain, prepared, returning the row',
          'guarded ÷ plain',
          'guarded ÷ prepared alike',
          'guarded ÷ returning',
        ],
        rows: table,
      },
    ],
    goals,
    bars,
    notes: [],
  };
}
