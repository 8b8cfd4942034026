import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiRoutes } from '../test-support/serve-api-routes.js';
import { nextContentCoding } from './content-coding.js';

// precond tags a response with the coding Next's compression will apply: this asks the compression
// Next bundles (next/dist/compiled/compression) what it applies, for each field value, and compares.

const ACCEPT_ENCODINGS = [
  'gzip',
  'deflate',
  'gzip, deflate',
  'deflate, gzip',
  'gzip;q=0.5, deflate',
  'gzip;q=0.5, deflate, identity',
  'gzip;q=0.5, identity',
  'deflate;q=0.5, gzip;q=0.1',
  'deflate, gzip;q=0',
  'deflate, *;q=0.1',
  'deflate;q=0.5, *;q=0.9',
  '*',
  '*;q=0',
  'identity',
  'identity;q=0',
  'br',
  'br, gzip;q=0.1',
  'br, deflate;q=0.1',
  'GZIP',
  'x-gzip',
  'gzip;q=0',
  'gzip;q=0.8, deflate;q=0.8',
  'gzip;q=abc, deflate',
  'gzip;Q=0, deflate',
  ' , gzip ;q=0.3 ,deflate;q=0.2',
  '',
];

let port = 0;
let close: () => Promise<void>;

beforeAll(async () => {
  let baseUrl: string;
  ({ baseUrl, close } = await serveApiRoutes(
    {
      '/big': (_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.end('y'.repeat(2048));
      },
    },
    { compress: true },
  ));
  port = Number(new URL(baseUrl).port);
});
afterAll(() => close());

/** The `Content-Encoding` Next's compression gives a compressible 2 KiB body: raw, nothing decoded. */
function codingNextApplies(acceptEncoding: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path: '/big', headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers['content-encoding'] ?? 'identity')));
    }).on('error', reject);
  });
}

describe('nextContentCoding', () => {
  it.each(ACCEPT_ENCODINGS)('is the coding Next compresses with for Accept-Encoding %j', async (field) => {
    expect(nextContentCoding(field)).toBe(await codingNextApplies(field));
  });

  it('gives gzip whenever gzip is acceptable at all, as Next does, deflate only without it', () => {
    expect(nextContentCoding('gzip;q=0.5, deflate')).toBe('gzip');
    expect(nextContentCoding('deflate, gzip;q=0')).toBe('deflate');
    expect(nextContentCoding(undefined)).toBe('identity');
  });
});
