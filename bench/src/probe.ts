/**
 * One request before the load, to check that a server answers what the comparison assumes (the
 * status, the ETag) and to learn the ETag a client would then send back. Sent with node:http, not
 * `fetch()`, which adds `Cache-Control: no-cache` to a conditional request (and jshttp `fresh`, behind
 * koa-conditional-get, then answers 200): the probe must send exactly what autocannon will.
 *
 * @module
 */

import { request } from 'node:http';
import type { RunningServer } from './server-process.js';

export interface Probed {
  readonly status: number;
  readonly etag: string | undefined;
  readonly body: string;
}

function get(url: string, headers: Readonly<Record<string, string>>): Promise<Probed> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const etag = response.headers.etag;
        resolve({ status: response.statusCode ?? 0, etag, body: Buffer.concat(chunks).toString('utf8') });
      });
    })
      .on('error', reject)
      .end();
  });
}

export async function probe(
  server: RunningServer,
  path: string,
  expectStatus: number,
  headers: Readonly<Record<string, string>> = {},
): Promise<Probed> {
  const answer = await get(`${server.url}${path}`, headers);
  if (answer.status !== expectStatus) {
    throw new Error(
      `GET ${server.url}${path}: expected ${expectStatus}, got ${answer.status}: ${answer.body.slice(0, 200)}`,
    );
  }
  return answer;
}
