import type { Validators } from '@precond/next';
import { PreconditionFailedError } from '@precond/next';

/** An in-memory store with a compare-and-set, standing in for a database. */
const notes = new Map<string, { text: string; version: number }>([['1', { text: 'first', version: 1 }]]);

const etagOf = (version: number) => `"v${version}"`;

export function validators(id: string): Validators | undefined {
  const note = notes.get(id);
  return note && { exists: true, etag: etagOf(note.version) };
}

export function read(id: string) {
  const note = notes.get(id);
  return note && { id, text: note.text };
}

/** Writes when the note still has the `expected` tag; throws PreconditionFailedError when it lost a race. */
export function update(id: string, text: string, expected: string | undefined) {
  const note = notes.get(id);
  if (!note || etagOf(note.version) !== expected)
    throw new PreconditionFailedError({ etag: note && etagOf(note.version) });
  notes.set(id, { text, version: note.version + 1 });
  return { note: { id, text }, etag: etagOf(note.version + 1) };
}
