import { describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, startOptionsFromEnv } from './start-options.js';

describe('startOptionsFromEnv', () => {
  it('PGlite under .data/pglite, the app default port and host, when nothing is set', () => {
    expect(startOptionsFromEnv({})).toEqual({
      port: undefined,
      host: undefined,
      databaseUrl: undefined,
      dataDir: DEFAULT_DATA_DIR,
      poolSize: undefined,
      statementTimeoutMs: undefined,
    });
  });

  it('reads PORT, HOST and the database variables', () => {
    const env = {
      PORT: '0',
      HOST: '::1',
      DATABASE_URL: 'postgres://db/x',
      DATA_DIR: '/tmp/p',
      DATABASE_POOL_SIZE: '4',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
    };
    expect(startOptionsFromEnv(env)).toEqual({
      port: 0,
      host: '::1',
      databaseUrl: 'postgres://db/x',
      dataDir: '/tmp/p',
      poolSize: 4,
      statementTimeoutMs: 0,
    });
  });

  it('refuses a malformed pool size, naming the variable', () => {
    expect(() => startOptionsFromEnv({ DATABASE_POOL_SIZE: 'ten' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
