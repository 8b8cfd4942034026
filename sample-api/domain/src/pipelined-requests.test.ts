import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdPipelinedRequests } from './pipelined-requests.js';

describe('holdPipelinedRequests', () => {
  const served: string[] = [];
  // `/close` answers with Connection: close given to writeHead (as a 413 or a bad Host's 400 is);
  // `/slow` answers on the next turn of the event loop, after the request behind it has arrived.
  const server = holdPipelinedRequests(
    createServer((request, response) => {
      served.push(request.url ?? '');
      if (request.url === '/close') {
        response.writeHead(400, { connection: 'close', 'content-length': '0' });
        response.end();
      } else if (request.url === '/slow-close') {
        setImmediate(() => {
          response.writeHead(413, { connection: 'close', 'content-length': '0' });
          response.end();
        });
      } else {
        setImmediate(() => response.end('ok'));
      }
    }),
  );
  let port = 0;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Writes the requests in one write and resolves with the statuses answered before the close. */
  function pipelined(paths: readonly string[]): Promise<number[]> {
    const requests = paths.map(
      (path, index) =>
        `GET ${path} HTTP/1.1\r\nHost: a\r\n${index === paths.length - 1 ? 'Connection: close\r\n' : ''}\r\n`,
    );
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () =>
        resolve(
          [
            ...Buffer.concat(chunks)
              .toString('latin1')
              .matchAll(/HTTP\/1\.1 (\d{3}) /g),
          ].map((match) => Number(match[1])),
        ),
      );
      socket.write(requests.join(''));
    });
  }

  it('never hands on a request behind a response that closed the connection', async () => {
    served.length = 0;
    expect(await pipelined(['/close', '/after-close', '/later'])).toEqual([400]);
    expect(served).toEqual(['/close']);
  });

  it('holds a request until the response before it has finished, then drops it if that one closed', async () => {
    served.length = 0;
    expect(await pipelined(['/slow-close', '/after-slow-close'])).toEqual([413]);
    expect(served).toEqual(['/slow-close']);
  });

  it('answers pipelined requests one after another, in order', async () => {
    served.length = 0;
    expect(await pipelined(['/one', '/two', '/three'])).toEqual([200, 200, 200]);
    expect(served).toEqual(['/one', '/two', '/three']);
  });
});
