import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemForError } from './error-policy.js';
import { ResourceNotFoundError } from './resource-not-found.js';
import { StorageUnavailableError } from './storage-unavailable.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('problemForError', () => {
  it('503 with Retry-After: 1 for a storage outage, without the driver message', () => {
    const problem = problemForError(new StorageUnavailableError(new Error('ECONNREFUSED 10.0.0.1')));
    expect(problem).toEqual({
      status: 503,
      detail: 'The database is unavailable; try again shortly',
      headers: { 'retry-after': '1' },
    });
  });

  it('404 with its message for a write that found no row', () => {
    expect(problemForError(new ResourceNotFoundError('There is no article a1'))).toEqual({
      status: 404,
      detail: 'There is no article a1',
      headers: {},
    });
  });

  it('500 with a fixed detail for anything else, the error logged and never shown', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new TypeError('secret internals');
    expect(problemForError(error)).toEqual({
      status: 500,
      detail: 'An unexpected error occurred',
      headers: {},
    });
    expect(log).toHaveBeenCalledWith(error);
  });
});
