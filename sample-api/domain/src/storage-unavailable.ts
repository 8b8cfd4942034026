/**
 * The error every database failure becomes, so that an app has one thing to turn into a 503.
 *
 * @module
 */

/**
 * The database failed: connection refused or lost, statement timeout, server shutting down, or any
 * other error a statement raised. An app answers it with 503 Service Unavailable
 * (RFC 9110 §15.6.4); the original error is the `cause`, for logs only.
 *
 * A precondition that no longer holds is not a failure: that is `PreconditionFailedError`.
 */
export class StorageUnavailableError extends Error {
  /** Always 503. */
  readonly status = 503 as const;
  /**
   * The underlying code, when there is one: a SQLSTATE (`57014` statement timeout, `57P01`
   * terminated by an administrator, `08006` connection failure…) or a driver or system code
   * (`ECONNREFUSED`, `CONNECTION_CLOSED`, `CONNECT_TIMEOUT`…), or `QUERY_TIMEOUT` when a statement
   * had no answer 250 ms after the statement timeout (it was still waiting for a connection), or
   * `INCOMPLETE_RESULT` when the driver handed over a result with rows missing.
   */
  readonly code: string | undefined;
  override readonly name = 'StorageUnavailableError';

  constructor(cause: unknown) {
    super(`The database failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    const code = (cause as { code?: unknown } | null)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** `error` as a {@link StorageUnavailableError}, wrapping it unless it already is one. */
export function toStorageUnavailable(error: unknown): StorageUnavailableError {
  return error instanceof StorageUnavailableError ? error : new StorageUnavailableError(error);
}

/** Runs `work`, turning whatever the database throws into a {@link StorageUnavailableError}. */
export async function guardStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageUnavailable(error);
  }
}

/**
 * Runs a driver's transaction with `body` inside it. What the driver throws (BEGIN, COMMIT, a lost
 * connection) becomes a {@link StorageUnavailableError}; what `body` throws passes through as it
 * was, so that a caller's own error is not mistaken for the database's.
 */
export async function guardTransaction<Tx, T>(
  transaction: (body: (tx: Tx) => Promise<T>) => Promise<T>,
  body: (tx: Tx) => Promise<T>,
): Promise<T> {
  let bodyFailure: { error: unknown } | undefined;
  try {
    return await transaction(async (tx) => {
      try {
        return await body(tx);
      } catch (error) {
        bodyFailure = { error };
        throw error;
      }
    });
  } catch (error) {
    if (bodyFailure && bodyFailure.error === error) throw error;
    throw toStorageUnavailable(error);
  }
}
