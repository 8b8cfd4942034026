import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { clientErrorProblem } from './problem-responses.js';

/** A socket as Node hands it to `clientErrorHandler`, with the response in flight on it, if any. */
function socketWith(inFlight: { headersSent: boolean } | null) {
  const written: string[] = [];
  const socket = {
    destroyed: false,
    writable: true,
    _httpMessage: inFlight,
    write: vi.fn((chunk: string) => written.push(chunk)),
    destroy: vi.fn(),
  };
  return { socket: socket as unknown as Socket, written, destroy: socket.destroy };
}

describe('clientErrorProblem', () => {
  const refused = Object.assign(new Error('Parse Error: Header overflow'), { code: 'HPE_HEADER_OVERFLOW' });

  it('answers a refused request as problem+json with the status Node would send, then closes', () => {
    const { socket, written, destroy } = socketWith(null);
    clientErrorProblem(refused, socket);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(written[0]).toContain('Content-Type: application/problem+json\r\n');
    expect(destroy).toHaveBeenCalled();
  });

  it('writes nothing into a response already under way on the connection, and closes it', () => {
    const { socket, written, destroy } = socketWith({ headersSent: true });
    clientErrorProblem(refused, socket);
    expect(written).toEqual([]);
    expect(destroy).toHaveBeenCalled();
  });
});
