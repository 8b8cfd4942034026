/**
 * Fastify servers: bare, bare with its validators set by hand, the incumbent `@fastify/etag`
 * (hashes every payload, 304 on a match), @precond/fastify validator-first (the route's
 * `config.precond.loadValidators`) or after the fact (the plugin, no validators), and the ceiling (a
 * constant 304). One resource at `/resource`.
 *
 * @module
 */

import type { AddressInfo } from 'node:net';
import fastifyEtag from '@fastify/etag';
import { formatHttpDate } from '@precond/core';
import { precond } from '@precond/fastify';
import Fastify, { type FastifyReply, type FastifyRequest, type RouteShorthandOptions } from 'fastify';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import type { ListeningServer } from './listen.js';

export async function startFastify(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  const send = (reply: FastifyReply) => {
    const rendered = produce();
    return typeof rendered === 'string' ? reply.type('application/json').send(rendered) : rendered;
  };
  // `forceCloseConnections`: stopping drops autocannon's keep-alive connections rather than waiting.
  const app = Fastify({ forceCloseConnections: true });
  let options: RouteShorthandOptions = {};
  let handler = async (_request: FastifyRequest, reply: FastifyReply) => send(reply);
  switch (variant) {
    case 'bare':
      break;
    case 'incumbent':
      await app.register(fastifyEtag);
      break;
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      handler = async (request, reply) => {
        reply.header('etag', validators.etag).header('last-modified', validators.lastModified.toUTCString());
        return request.headers['if-none-match'] === validators.etag ? reply.code(304).send() : send(reply);
      };
      break;
    case 'precond-validators':
      await app.register(precond);
      options = { config: { precond: { loadValidators: () => validators } } };
      break;
    case 'precond-after':
      await app.register(precond);
      break;
    case 'ceiling': {
      const lastModified = formatHttpDate(validators.lastModified);
      handler = async (_request, reply) =>
        reply.code(304).headers({ etag: validators.etag, 'last-modified': lastModified }).send();
      break;
    }
    default:
      throw new Error(`unknown Fastify variant ${variant}`);
  }
  app.get('/resource', options, handler);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
