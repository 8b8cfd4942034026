import type { RecordVersion } from '@precond/domain';
import { versionFields } from '@precond/domain';
import type { Context } from 'hono';

/** A stored record (its JSON, or its bytes) with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(c: Context, version: RecordVersion, body: unknown, status = 200): Response {
  for (const [name, value] of Object.entries(versionFields(version))) c.header(name, value);
  c.status(status as 200);
  return body instanceof Uint8Array ? c.body(new Uint8Array(body)) : c.json(body);
}
