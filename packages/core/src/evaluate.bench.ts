// `pnpm bench` in packages/core: evaluatePreconditions beside jshttp `fresh` (what Express and Koa
// use for 304) on the job both do, measured in the same run. A figure, never a test.
import fresh from 'fresh';
import { bench, describe } from 'vitest';
import { evaluatePreconditions } from './evaluate.js';

const etag = '"33a64df551425fcc55e4d42a148795d9f25f89d4"';
const lastModified = new Date('2026-11-01T10:00:00Z');
const lastModifiedField = lastModified.toUTCString();

// A typical browser revalidation, as Node's IncomingMessage.headers holds it.
const requestHeaders = {
  host: 'api.example.test',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
  connection: 'keep-alive',
  'if-none-match': etag,
  'if-modified-since': lastModifiedField,
};
const responseHeaders = { etag, 'last-modified': lastModifiedField };
const resource = { exists: true, etag, lastModified };

const manyTags = Array.from({ length: 5000 }, (_, i) => `"${i.toString(16).padStart(10, '0')}"`).join(', ');
const bigListHeaders = { ...requestHeaders, 'if-none-match': `${manyTags}, ${etag}` };

describe('conditional GET that revalidates (304)', () => {
  bench('precond evaluatePreconditions', () => {
    const result = evaluatePreconditions({ method: 'GET', headers: requestHeaders }, resource);
    if (result.status !== 304) throw new Error('expected 304');
  });
  bench('jshttp fresh', () => {
    if (!fresh(requestHeaders, responseHeaders)) throw new Error('expected fresh');
  });
});

describe(`If-None-Match list of 5,001 tags (${Math.round(bigListHeaders['if-none-match'].length / 1024)} KiB), match last`, () => {
  bench('precond evaluatePreconditions', () => {
    const result = evaluatePreconditions({ method: 'GET', headers: bigListHeaders }, resource);
    if (result.status !== 304) throw new Error('expected 304');
  });
  bench('jshttp fresh', () => {
    if (!fresh(bigListHeaders, responseHeaders)) throw new Error('expected fresh');
  });
});
