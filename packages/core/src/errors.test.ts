import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isPreconditionFailed, PreconditionFailedError } from './errors.js';

const BRAND = Symbol.for('@precond/core/PreconditionFailedError');

describe('PreconditionFailedError', () => {
  it('is an Error with status 412 and its own name', () => {
    const error = new PreconditionFailedError();
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(412);
    expect(error.name).toBe('PreconditionFailedError');
    expect(error.message).toBe('The resource changed since the client read it');
    expect(error.etag).toBeUndefined();
    expect(error.lastModified).toBeUndefined();
  });

  it('carries the current validators, the message and the cause it is given', () => {
    const cause = new Error('0 rows updated');
    const lastModified = new Date(Date.UTC(2026, 0, 1));
    const error = new PreconditionFailedError({
      etag: '"v3"',
      lastModified,
      message: 'lost the race',
      cause,
    });
    expect(error.etag).toBe('"v3"');
    expect(error.lastModified).toBe(lastModified);
    expect(error.message).toBe('lost the race');
    expect(error.cause).toBe(cause);
  });

  it('keeps its brand out of JSON and enumeration', () => {
    const error = new PreconditionFailedError({ etag: '"v3"' });
    expect(Object.keys(error)).not.toContain(BRAND);
    expect(JSON.stringify(error)).not.toContain('precond/core');
  });
});

describe('isPreconditionFailed', () => {
  it('recognises a PreconditionFailedError', () => {
    expect(isPreconditionFailed(new PreconditionFailedError())).toBe(true);
  });

  it('recognises an error from another copy of this package by its Symbol.for brand', () => {
    class OtherCopyError extends Error {
      readonly status = 412;
      constructor() {
        super('from another copy');
        Object.defineProperty(this, BRAND, { value: true });
      }
    }
    const foreign = new OtherCopyError();
    expect(foreign).not.toBeInstanceOf(PreconditionFailedError);
    expect(isPreconditionFailed(foreign)).toBe(true);
    expect(isPreconditionFailed({ [BRAND]: true })).toBe(true);
  });

  it('recognises a branded error from another realm', () => {
    const foreign: unknown = runInNewContext(
      "const e = new Error('other realm'); Object.defineProperty(e, Symbol.for('@precond/core/PreconditionFailedError'), { value: true }); e",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(isPreconditionFailed(foreign)).toBe(true);
  });

  it('rejects anything else', () => {
    for (const value of [
      new Error('boom'),
      { status: 412, name: 'PreconditionFailedError' },
      { [BRAND]: 'yes' },
      { [Symbol('@precond/core/PreconditionFailedError')]: true },
      null,
      undefined,
      412,
      'PreconditionFailedError',
    ]) {
      expect(isPreconditionFailed(value)).toBe(false);
    }
  });
});
