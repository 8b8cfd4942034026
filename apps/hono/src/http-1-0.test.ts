import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from './start.js';
import { startHonoApp } from './start.js';

// @hono/node-server builds a request's URL from its Host field, which HTTP/1.0 need not send.
let app: RunningApp;

beforeAll(async () => {
  app = await startHonoApp({ port: 0 });
});
afterAll(() => app.close());

describe('an HTTP/1.0 request without Host', () => {
  it('is answered as any other: the bridge names the request by the address the server listens on', async () => {
    const { hostname, port } = new URL(app.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.end('GET /api/articles HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(raw).toMatch(/\r\netag: "/i);
  });
});
