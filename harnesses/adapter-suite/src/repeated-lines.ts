/**
 * Every field line reaches core as sent. Node's header record keeps only the first of two
 * If-Modified-Since or If-Unmodified-Since lines; RFC 9110 §13.1.3 and §13.1.4 say a value with
 * more than one member is ignored, so an adapter that read the record would evaluate a date the
 * client did not send alone. Sent with Node's own client, which writes each member of an array as
 * a line of its own (Fetch would join them into one).
 *
 * @module
 */

import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { RetrievalRoutesTarget } from './retrieval-routes.js';
import { ITEM } from './retrieval-routes.js';

const EARLIER = 'Thu, 01 Jan 2026 00:00:00 GMT';
const LATER = 'Sat, 03 Jan 2026 00:00:00 GMT';

/** Sends `method path` with these fields, an array value as one line per member; resolves to the status. */
function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Registers the repeated-lines cases against `target`. */
export function describeRepeatedLines(target: RetrievalRoutesTarget): void {
  const get = (headers: Record<string, string | string[]>) => send(target.baseUrl(), 'GET', '/item', headers);
  const patch = (headers: Record<string, string | string[]>) =>
    send(target.baseUrl(), 'PATCH', '/item', headers);

  describe('repeated field lines', () => {
    it('ignores If-Modified-Since sent on two lines, though its first line alone answers 304', async () => {
      expect(await get({ 'If-Modified-Since': LATER })).toBe(304);
      expect(await get({ 'If-Modified-Since': [LATER, EARLIER] })).toBe(200);
    });

    it('ignores If-Unmodified-Since sent on two lines, though its first line alone answers 412', async () => {
      expect(await patch({ 'If-Unmodified-Since': EARLIER })).toBe(412);
      expect(await patch({ 'If-Unmodified-Since': [EARLIER, LATER] })).toBe(200);
    });

    it('reads two If-None-Match or If-Match lines as one list (RFC 9110 §5.3)', async () => {
      expect(await get({ 'If-None-Match': ['"item-0"', ITEM.etag as string] })).toBe(304);
      expect(await patch({ 'If-Match': ['"item-0"', ITEM.etag as string] })).toBe(200);
      expect(await patch({ 'If-Match': ['"item-0"', '"item-2"'] })).toBe(412);
    });
  });
}
