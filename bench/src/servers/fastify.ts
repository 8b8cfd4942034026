/**
 * Fastify servers: bare, bare with its validators set by hand or with its body tagged by hand after
 * the fact (SHA-1, as precond tags), the incumbent `@fastify/etag` (hashes every payload, 304 on a
 * match), @precond/fastify validator-first (the route's `config.precond.loadValidators`) or after the
 * fact (the plugin, no validators), and the ceiling (a constant 304). One resource at `/resource`.
 *
 * @module
 */

import type { AddressInfo } from 'node:net';
import fastifyEtag from '@fastify/etag';
import { formatHttpDate } from '@precond/core';
import { precond } from '@precond/fastify';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteShorthandOptions,
} from 'fastify';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
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
    // What Fastify charges any layer before it does anything: the bare route behind the hooks and the handler wrapper that
    // only passes the request on, where precond's validator-first sits.
    case 'layer':
      app.addHook('onRoute', (route) => {
        const own = route.handler;
        route.handler = function (this: FastifyInstance, request, reply) {
          return own.call(this, request, reply);
        };
        route.onSend = [(_request, _reply, payload, done) => done(null, payload)];
        route.onError = [(_request, _reply, _error, done) => done()];
      });
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
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      handler = async (request, reply) => {
        const body = jsonText(produce());
        const tag = sha1EntityTag(body);
        reply.header('etag', tag);
        // The type Fastify gives a payload it serialises itself, so that the 200 is bare's.
        return request.headers['if-none-match'] === tag
          ? reply.code(304).send()
          : reply.type('application/json; charset=utf-8').send(body);
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
