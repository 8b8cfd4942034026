import { describe, expect, it, vi } from 'vitest';
import { fromNodePostgres } from './node-postgres.js';
import { MAX_PREPARED_STATEMENTS } from './statement-names.js';

/** The configs a client sends, as node-postgres would receive them. */
function recordingQueryable() {
  const sent: { text: string; name?: string | undefined }[] = [];
  return {
    sent,
    async query(config: { text: string; values: unknown[]; name?: string }) {
      sent.push({ text: config.text, name: config.name });
      return { rows: [] };
    },
  };
}

describe('fromNodePostgres statement names', () => {
  it('names a text the same way every time, under a prefix of this copy of the package', async () => {
    const queryable = recordingQueryable();
    const db = fromNodePostgres(queryable);
    await db.query('SELECT 1 AS one', []);
    await db.query('SELECT 2 AS two', []);
    await db.query('SELECT 1 AS one', []);
    const [first, second, again] = queryable.sent;
    expect(first?.name).toMatch(/^precond_[0-9a-f]{8}_\d+$/);
    expect(second?.name).toMatch(/^precond_[0-9a-f]{8}_\d+$/);
    expect(second?.name).not.toBe(first?.name);
    expect(again?.name).toBe(first?.name);
  });

  it(`names at most ${MAX_PREPARED_STATEMENTS} texts; the texts named first keep their names`, async () => {
    const queryable = recordingQueryable();
    const db = fromNodePostgres(queryable);
    const texts = Array.from({ length: MAX_PREPARED_STATEMENTS + 40 }, (_, index) => `SELECT ${index} AS n`);
    for (const text of texts) await db.query(text, []);
    for (const text of texts) await db.query(text, []);
    const names = new Set(queryable.sent.map(({ name }) => name).filter((name) => name !== undefined));
    expect(names.size).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
    const firstRound = queryable.sent.slice(0, texts.length);
    const secondRound = queryable.sent.slice(texts.length);
    expect(secondRound.map(({ name }) => name)).toEqual(firstRound.map(({ name }) => name));
    expect(firstRound.at(-1)?.name).toBeUndefined();
  });

  it('gives each copy of the package names of its own', async () => {
    const queryable = recordingQueryable();
    const copies = [];
    for (let copy = 0; copy < 2; copy++) {
      vi.resetModules();
      copies.push((await import('./node-postgres.js')) as typeof import('./node-postgres.js'));
    }
    const [one, other] = copies;
    expect(one?.fromNodePostgres).not.toBe(other?.fromNodePostgres);
    // Each copy's first text: the same count, so only the copy's own prefix tells them apart.
    await one?.fromNodePostgres(queryable).query('SELECT 4 AS four', []);
    await other?.fromNodePostgres(queryable).query('SELECT 5 AS five', []);
    const [oneName, otherName] = queryable.sent.map(({ name }) => name);
    expect(oneName).toBeDefined();
    expect(otherName).not.toBe(oneName);
  });

  it('sends every text unnamed with prepare: false', async () => {
    const queryable = recordingQueryable();
    await fromNodePostgres(queryable, { prepare: false }).query('SELECT 3 AS three', []);
    expect(queryable.sent).toEqual([{ text: 'SELECT 3 AS three', name: undefined }]);
  });
});
