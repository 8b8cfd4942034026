import { describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv } from './database-env.js';

describe('databaseOptionsFromEnv', () => {
  it('reads the four variables', () => {
    expect(
      databaseOptionsFromEnv({
        DATABASE_URL: 'postgres://db/app',
        DATA_DIR: '/var/lib/app',
        DATABASE_POOL_SIZE: '25',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
      }),
    ).toEqual({
      databaseUrl: 'postgres://db/app',
      dataDir: '/var/lib/app',
      poolSize: 25,
      statementTimeoutMs: 0,
    });
  });

  it('leaves unset and empty variables to the defaults', () => {
    expect(databaseOptionsFromEnv({ DATABASE_URL: '', DATABASE_POOL_SIZE: '' })).toEqual({
      databaseUrl: undefined,
      dataDir: undefined,
      poolSize: undefined,
      statementTimeoutMs: undefined,
    });
  });

  it.each([
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', 'ten'],
    ['DATABASE_POOL_SIZE', '2.5'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '-1'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '1e3'],
    ['DATABASE_STATEMENT_TIMEOUT_MS', '99999999999999999999'],
  ])('refuses %s=%j, naming the variable', (name, value) => {
    expect(() => databaseOptionsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be`));
  });
});
