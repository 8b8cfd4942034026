/**
 * Koa servers: bare, bare with its validators set by hand or with its body tagged by hand after the
 * fact (SHA-1, as precond tags), with @precond/koa (validator-first or after the fact), with the
 * incumbents koa-conditional-get + koa-etag, and the ceiling (a constant 304). Every variant routes
 * with @koa/router, as an app would, and serves one resource at `/resource`.
 *
 * @module
 */

import { createServer } from 'node:http';
import Router from '@koa/router';
import { formatHttpDate } from '@precond/core';
import { preconditions } from '@precond/koa';
import Koa, { type Context } from 'koa';
import conditional from 'koa-conditional-get';
import etag from 'koa-etag';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
import { type ListeningServer, listen } from './listen.js';

export function startKoa(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  const send = (ctx: Context) => {
    const rendered = produce();
    if (typeof rendered === 'string') ctx.type = 'application/json';
    ctx.body = rendered;
  };
  const app = new Koa();
  const router = new Router();
  switch (variant) {
    case 'bare':
      router.get('/resource', send);
      break;
    // What Koa charges any layer before it does anything: the bare route behind a route middleware that
    // only passes the request on, where precond's validator-first sits.
    case 'layer':
      router.get('/resource', (_ctx, next) => next(), send);
      break;
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      router.get('/resource', (ctx) => {
        ctx.set('ETag', validators.etag);
        ctx.set('Last-Modified', validators.lastModified.toUTCString());
        if (ctx.get('If-None-Match') === validators.etag) ctx.status = 304;
        else send(ctx);
      });
      break;
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      router.get('/resource', (ctx) => {
        const body = jsonText(produce());
        const tag = sha1EntityTag(body);
        ctx.set('ETag', tag);
        if (ctx.get('If-None-Match') === tag) ctx.status = 304;
        else {
          ctx.type = 'application/json';
          ctx.body = body;
        }
      });
      break;
    case 'precond-validators':
      router.get('/resource', preconditions({ loadValidators: () => validators }), send);
      break;
    case 'precond-after':
      app.use(preconditions());
      router.get('/resource', send);
      break;
    case 'incumbent':
      app.use(conditional());
      app.use(etag());
      router.get('/resource', send);
      break;
    case 'ceiling': {
      const lastModified = formatHttpDate(validators.lastModified);
      router.get('/resource', (ctx) => {
        ctx.status = 304;
        ctx.set({ etag: validators.etag, 'last-modified': lastModified });
      });
      break;
    }
    default:
      throw new Error(`unknown Koa variant ${variant}`);
  }
  app.use(router.routes());
  return listen(createServer(app.callback()));
}
