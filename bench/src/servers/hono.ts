/**
 * Hono servers, on @hono/node-server: bare, bare with its validators set by hand or with its body
 * tagged by hand after the fact (SHA-1, as precond tags), the incumbent `hono/etag` (hashes every 2xx
 * body, 304 on a matching `If-None-Match`), and @precond/hono validator-first (the route's
 * `preconditions({ loadValidators })`, or the handler wrapped in `withPreconditions`) or after the
 * fact (`app.use(preconditions())`), and the ceiling (a constant 304). One resource at `/resource`.
 *
 * @module
 */

import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { formatHttpDate } from '@precond/core';
import { preconditions, withPreconditions } from '@precond/hono';
import { type Context, Hono } from 'hono';
import { etag } from 'hono/etag';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
import { type ListeningServer, listen } from './listen.js';

export function startHono(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  const send = (c: Context) => {
    const rendered = produce();
    return typeof rendered === 'string'
      ? c.body(rendered, 200, { 'content-type': 'application/json' })
      : c.json(rendered);
  };
  const app = new Hono();
  switch (variant) {
    case 'bare':
      app.get('/resource', send);
      break;
    // What Hono charges any layer before it does anything: the bare route behind a route middleware that
    // only passes the request on, where precond's validator-first sits.
    case 'layer':
      app.get('/resource', (_c, next) => next(), send);
      break;
    case 'incumbent':
      app.use(etag());
      app.get('/resource', send);
      break;
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      app.get('/resource', (c) => {
        c.header('ETag', validators.etag);
        c.header('Last-Modified', validators.lastModified.toUTCString());
        return c.req.header('if-none-match') === validators.etag ? c.body(null, 304) : send(c);
      });
      break;
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      app.get('/resource', (c) => {
        const body = jsonText(produce());
        const tag = sha1EntityTag(body);
        c.header('ETag', tag);
        return c.req.header('if-none-match') === tag
          ? c.body(null, 304)
          : c.body(body, 200, { 'content-type': 'application/json' });
      });
      break;
    case 'precond-validators':
      app.get('/resource', preconditions({ loadValidators: () => validators }), send);
      break;
    // Validator-first as the route's one handler: no route middleware for Hono to compose.
    case 'precond-handler':
      app.get('/resource', withPreconditions(send, { loadValidators: () => validators }));
      break;
    case 'precond-after':
      app.use(preconditions());
      app.get('/resource', send);
      break;
    case 'ceiling': {
      const lastModified = formatHttpDate(validators.lastModified);
      app.get('/resource', (c) =>
        c.body(null, 304, { etag: validators.etag, 'last-modified': lastModified }),
      );
      break;
    }
    default:
      throw new Error(`unknown Hono variant ${variant}`);
  }
  return listen(createAdaptorServer({ fetch: app.fetch }) as Server);
}
