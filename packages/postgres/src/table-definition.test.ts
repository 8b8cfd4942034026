import { describe, expect, it } from 'vitest';
import { versionedTable } from './versioned-table.js';

describe('versionedTable rejects a definition whose fields clash with the version', () => {
  it.each(['etag', 'lastModified', 'lastModifiedStrong'])('a field named %s', (field) => {
    expect(() =>
      versionedTable<{ id: string; [field: string]: string }, 'id'>({
        name: 'notes',
        key: 'id',
        columns: { id: 'id', [field]: 'other' },
      }),
    ).toThrow(new RegExp(`^Table notes: the field ${field} clashes with the version every row carries`));
  });

  it('a field whose column is a version column, the table’s own names included', () => {
    expect(() =>
      versionedTable<{ id: string; version: string }, 'id'>({
        name: 'notes',
        key: 'id',
        columns: { id: 'id', version: 'etag' },
      }),
    ).toThrow(/^Table notes: the field version maps to the version column etag,/);
    expect(() =>
      versionedTable<{ id: string; changed: string }, 'id'>({
        name: 'notes',
        key: 'id',
        columns: { id: 'id', changed: 'changed_at' },
        versionColumns: { etag: 'tag', modifiedAt: 'changed_at', modifiedAtStrong: 'changed_at_strong' },
      }),
    ).toThrow(TypeError);
  });

  it('accepts fields of any other name', () => {
    expect(() =>
      versionedTable<{ id: string; title: string }, 'id'>({
        name: 'notes',
        key: 'id',
        columns: { id: 'id', title: 'etag_note' },
      }),
    ).not.toThrow();
  });
});
