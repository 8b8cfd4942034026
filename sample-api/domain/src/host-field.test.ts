import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidHost, requireValidHost } from './host-field.js';

describe('isValidHost', () => {
  it.each([
    'example.com',
    'example.com:8080',
    'EXAMPLE.com',
    '127.0.0.1',
    '127.0.0.1:80',
    '[::1]',
    '[::1]:3000',
    '[2001:db8::7]:443',
    '[v1.fe80::a+en1]',
    'xn--caf-dma.example',
    'caf%C3%A9.example',
    "a!$&'()*+,;=b",
    // The grammar allows an empty reg-name and an empty port (RFC 3986 §3.2.2, §3.2.3).
    '',
    'example.com:',
    ':80',
  ])('accepts %j', (value) => {
    expect(isValidHost(value)).toBe(true);
  });

  it.each([
    'a b',
    'a@b',
    'user:pass@example.com',
    'x:80:90',
    'example.com:http',
    'example.com/path',
    'example.com?q',
    'exa%zzmple.com',
    'café.example',
    '::1',
    '[::1',
    '[::1]x',
    '[::1]:3000:1',
    '[example.com]',
    '[fe80::1%eth0]',
    '[v1.]',
  ])('refuses %j', (value) => {
    expect(isValidHost(value)).toBe(false);
  });
});

describe('requireValidHost', () => {
  const server = requireValidHost(createServer((_request, response) => response.end('served')));
  let port = 0;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Writes `head` and resolves with everything the server sends until it closes. */
  function exchange(head: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.write(head);
    });
  }

  // RFC 9112 §3.2 requires Host of HTTP/1.1 requests only.
  it('serves an HTTP/1.0 request without Host', async () => {
    const answer = await exchange('GET / HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/served$/);
  });

  it('serves an empty Host, what a client sends for a target URI without authority', async () => {
    const answer = await exchange('GET / HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers two Host lines on HTTP/1.0 too with a 400 problem that closes the connection', async () => {
    const answer = await exchange('GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\nConnection: keep-alive\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has more than one Host field line',
    });
  });

  it('answers a bad Host with Expect: 100-continue with the 400 alone, never 100 Continue first', async () => {
    const answer = await exchange(
      'PUT / HTTP/1.1\r\nHost: a@b\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).not.toMatch(/100 Continue/);
  });

  it('sends 100 Continue to a good Host with Expect: 100-continue, then serves the request', async () => {
    const answer = await exchange(
      'PUT / HTTP/1.1\r\nHost: example.com\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(answer).toMatch(/served$/);
  });
});
