/**
 * PGlite onto {@link SqlClient}.
 *
 * PGlite's own `query` parses and plans every statement it is given: for the guarded statements (a
 * few CTEs each) that is most of a write's cost. On a `PGlite` instance this translator prepares
 * each statement once instead, as a named statement in PGlite's one session, and then only binds
 * and executes it — the same messages PGlite's `query` sends, through its `execProtocol`, under the
 * same two locks its `query` takes (so no statement of another caller's `transaction()` runs in
 * between), and the same type serializers and parsers.
 *
 * @module
 */

import {
  bindMessage,
  closeStatementMessage,
  concatMessages,
  describeStatementMessage,
  executeMessage,
  parseMessage,
  syncMessage,
} from './frontend-messages.js';
import type { SqlClient } from './sql-client.js';
import { MAX_PREPARED_STATEMENTS, STATEMENT_NAME_PREFIX } from './statement-names.js';

/** What `fromPglite` needs of PGlite: a `PGlite` instance and a transaction's `tx` both have it. */
export interface PgliteQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: object[] }>;
}

/** Options of {@link fromPglite}. */
export interface PgliteOptions {
  /**
   * Prepare each statement once (a named statement in PGlite's session), so PGlite parses and plans
   * the guarded statements once rather than on every write. Applies to a `PGlite` instance; a
   * transaction's `tx` runs every statement through `tx.query`.
   * @defaultValue true
   */
  readonly prepare?: boolean | undefined;
}

/** A message PGlite's `execProtocol` hands back, as far as this module reads it. */
interface BackendMessage {
  readonly name: string;
}

/** The fields of a row description or a data row, as PGlite's protocol parser gives them. */
interface FieldsMessage extends BackendMessage {
  readonly fields: readonly unknown[];
}

/**
 * The members of a `PGlite` instance that running a prepared statement takes: its raw protocol
 * entry, its type (de)serializers, and the locks and checks its own `query` goes through.
 */
interface PreparingPglite extends PgliteQueryable {
  readonly serializers: Readonly<Record<number, ((value: never) => string) | undefined>>;
  readonly parsers: Readonly<Record<number, ((text: string, typeId: number) => unknown) | undefined>>;
  execProtocol(
    message: Uint8Array,
    options: { syncToFs?: boolean },
  ): Promise<{ readonly messages: readonly BackendMessage[] }>;
  syncToFs(): Promise<void>;
  _checkReady(): Promise<void>;
  _runExclusiveQuery<T>(work: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(work: () => Promise<T>): Promise<T>;
  /** Whether a `BEGIN` is open in the session (PGlite 0.2 and later). */
  isInTransaction?(): boolean;
}

/** One statement prepared in one PGlite session. */
interface PreparedStatement {
  readonly name: string;
  /** The type of each parameter, as the server inferred it. */
  readonly parameterTypes: readonly number[];
  /** The row's columns: name and type, in order. */
  readonly columns: readonly { readonly name: string; readonly typeId: number }[];
}

/**
 * The statements prepared in one PGlite session by this copy of the package, by text, least recently
 * used first, and how many names were given out (names are never reused).
 */
interface Session {
  readonly statements: Map<string, PreparedStatement>;
  named: number;
}

/** Each PGlite instance's session, shared by every client made from that instance. */
const sessions = new WeakMap<PreparingPglite, Session>();

/**
 * The errors of a statement prepared earlier that preparing it again may mend: the session dropped
 * it (`26000`: `DEALLOCATE ALL`, `DISCARD ALL`, a new `PGliteWorker` leader), or the schema changed
 * under it (`0A000` "cached plan must not change result type"; `42883`, `42804`, `22P02`: parameter
 * types inferred from a column whose type changed). The failed statement wrote nothing (outside a
 * transaction block a statement fails whole), so it is run once more, prepared anew; an error that
 * was the input's own comes back the same and is thrown.
 */
const STALE_STATEMENT_CODES = new Set(['26000', '0A000', '42883', '42804', '22P02']);

/** `PGliteWorker` passes errors on without their `code`: its message is then all there is. */
const MISSING_STATEMENT_MESSAGE = /^prepared statement ".*" does not exist$/;

function isPreparing(queryable: PgliteQueryable): queryable is PreparingPglite {
  const candidate = queryable as Partial<Record<keyof PreparingPglite, unknown>>;
  return (
    typeof candidate.execProtocol === 'function' &&
    typeof candidate.syncToFs === 'function' &&
    typeof candidate._checkReady === 'function' &&
    typeof candidate._runExclusiveQuery === 'function' &&
    typeof candidate._runExclusiveTransaction === 'function' &&
    typeof candidate.serializers === 'object' &&
    typeof candidate.parsers === 'object'
  );
}

function hasFields(message: BackendMessage): message is FieldsMessage {
  return Array.isArray((message as Partial<FieldsMessage>).fields);
}

function parameterTypesOf(messages: readonly BackendMessage[]): readonly number[] {
  const description = messages.find(({ name }) => name === 'parameterDescription') as
    | (BackendMessage & { readonly dataTypeIDs?: readonly number[] })
    | undefined;
  return description?.dataTypeIDs ?? [];
}

function columnsOf(messages: readonly BackendMessage[]): PreparedStatement['columns'] {
  const description = messages.find((message) => message.name === 'rowDescription');
  if (description === undefined || !hasFields(description)) return [];
  return description.fields.map((field) => {
    const { name, dataTypeID } = field as { readonly name: string; readonly dataTypeID: number };
    return { name, typeId: dataTypeID };
  });
}

function isStaleStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { readonly code?: unknown; readonly message?: unknown };
  if (typeof code === 'string') return STALE_STATEMENT_CODES.has(code);
  return typeof message === 'string' && MISSING_STATEMENT_MESSAGE.test(message);
}

/** The error as PGlite's own `query` throws it: with the statement and its parameters attached. */
function withStatement(error: unknown, text: string, params: readonly unknown[]): unknown {
  if (error instanceof Error) Object.assign(error, { query: text, params, queryOptions: undefined });
  return error;
}

/** Runs statements on one PGlite instance, each prepared on first use. */
function preparedClient(db: PreparingPglite): SqlClient {
  const session = sessions.get(db) ?? { statements: new Map<string, PreparedStatement>(), named: 0 };
  sessions.set(db, session);
  const { statements } = session;

  /** Prepares `text`, closing `replaced` (its stale name) and, past the limit, the least recently used. */
  const prepare = async (text: string, replaced?: PreparedStatement): Promise<PreparedStatement> => {
    const closing: Uint8Array[] = [];
    if (replaced !== undefined) closing.push(closeStatementMessage(replaced.name));
    while (statements.size >= MAX_PREPARED_STATEMENTS) {
      const [oldestText, oldest] = statements.entries().next().value as [string, PreparedStatement];
      statements.delete(oldestText);
      closing.push(closeStatementMessage(oldest.name));
    }
    const name = `${STATEMENT_NAME_PREFIX}${++session.named}`;
    const { messages } = await db.execProtocol(
      concatMessages([...closing, parseMessage(name, text), describeStatementMessage(name), syncMessage()]),
      { syncToFs: false },
    );
    const statement = { name, parameterTypes: parameterTypesOf(messages), columns: columnsOf(messages) };
    statements.set(text, statement);
    return statement;
  };

  const execute = async (statement: PreparedStatement, params: readonly unknown[]): Promise<object[]> => {
    const values = params.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serialize = db.serializers[statement.parameterTypes[index] ?? 0] as
        | ((value: unknown) => string)
        | undefined;
      return serialize ? serialize(value) : String(value);
    });
    const { messages } = await db.execProtocol(
      concatMessages([bindMessage(statement.name, values), executeMessage(), syncMessage()]),
      { syncToFs: false },
    );
    const rows: object[] = [];
    for (const message of messages) {
      if (message.name !== 'dataRow' || !hasFields(message)) continue;
      const row: Record<string, unknown> = {};
      statement.columns.forEach(({ name, typeId }, index) => {
        const text = message.fields[index];
        const parse = db.parsers[typeId];
        row[name] = typeof text !== 'string' ? null : parse ? parse(text, typeId) : text;
      });
      rows.push(row);
    }
    return rows;
  };

  /** Runs `text`: prepared on first use, prepared again once when the session lost it or it went stale. */
  const run = async (text: string, params: readonly unknown[]): Promise<object[]> => {
    const known = statements.get(text);
    if (known === undefined) return execute(await prepare(text), params);
    // Least recently used first: a statement used again moves to the end.
    statements.delete(text);
    statements.set(text, known);
    try {
      return await execute(known, params);
    } catch (error) {
      // Inside a transaction block the failure aborted it: running again would only hide the error.
      if (!isStaleStatement(error) || db.isInTransaction?.() === true) throw error;
      statements.delete(text);
      return execute(await prepare(text, known), params);
    }
  };

  return {
    async query(text, params) {
      await db._checkReady();
      return db._runExclusiveTransaction(() =>
        db._runExclusiveQuery(async () => {
          let rows: object[];
          try {
            rows = await run(text, params);
          } catch (error) {
            throw withStatement(error, text, params);
          }
          // PGlite's own `query` writes its files back after every statement outside `transaction()`.
          await db.syncToFs();
          return rows;
        }),
      );
    },
  };
}

/**
 * A {@link SqlClient} over PGlite (PostgreSQL in WebAssembly, in this process). PGlite serves one
 * connection, so its statements run one at a time; each is still the whole compare-and-set. Given
 * the `PGlite` instance, statements are prepared once (see {@link PgliteOptions.prepare}); given a
 * transaction's `tx`, they go through `tx.query`.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = fromPglite(await PGlite.create('./data'));
 * ```
 */
export function fromPglite(queryable: PgliteQueryable, options: PgliteOptions = {}): SqlClient {
  if ((options.prepare ?? true) && isPreparing(queryable)) return preparedClient(queryable);
  return {
    async query(text, params) {
      return (await queryable.query(text, [...params])).rows;
    },
  };
}
