/**
 * One request and its whole answer, for the benchmark's own clients (the instruction counts' reads
 * and writes): keep-alive through `agent`, a bound on the wait for an answer.
 *
 * @module
 */

import { type Agent, request } from 'node:http';

/** Long: a server under callgrind answers some 50 times slower than natively. */
const REQUEST_TIMEOUT_MS = 60_000;

/** A response's status, its ETag and its body as text. */
export interface Answer {
  readonly status: number;
  readonly etag: string | undefined;
  readonly text: string;
}

/** Sends one request (a JSON `body`, when given) and resolves with the whole answer. */
export function exchange(
  url: string,
  agent: Agent,
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(`${url}${path}`, {
      method,
      agent,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      timeout: REQUEST_TIMEOUT_MS,
    });
    sent.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, etag: response.headers.etag, text }),
      );
    });
    sent.on('timeout', () =>
      sent.destroy(new Error(`${method} ${url}${path}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
    );
    sent.on('error', reject);
    sent.end(body);
  });
}
