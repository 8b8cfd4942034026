/**
 * Express servers: bare (its `etag` setting off), bare with its validators set by hand or with its
 * body tagged by hand after the fact (SHA-1, as precond tags), the incumbent (Express as it comes:
 * the default weak `etag` setting, and `res.send` answering 304 when `req.fresh` says so), and
 * @precond/express validator-first or after the fact, added to Express as it comes; and the ceiling
 * (a constant 304). One resource at `/resource`.
 *
 * @module
 */

import { createServer } from 'node:http';
import { formatHttpDate } from '@precond/core';
import { preconditions } from '@precond/express';
import express, { type Response } from 'express';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
import { type ListeningServer, listen } from './listen.js';

export function startExpress(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  const send = (res: Response) => {
    const rendered = produce();
    if (typeof rendered === 'string') res.type('application/json').send(rendered);
    else res.json(rendered);
  };
  const app = express();
  switch (variant) {
    case 'bare':
      app.set('etag', false);
      app.get('/resource', (_req, res) => send(res));
      break;
    // What Express charges any layer before it does anything: the bare route behind a route middleware that
    // only passes the request on, where precond's validator-first sits.
    case 'layer':
      app.set('etag', false);
      app.get(
        '/resource',
        (_req, _res, next) => next(),
        (_req, res) => send(res),
      );
      break;
    case 'incumbent':
      // Express's defaults: `res.send` hashes the body (weak ETag) and turns it into a 304 on `req.fresh`.
      app.get('/resource', (_req, res) => send(res));
      break;
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      app.set('etag', false);
      app.get('/resource', (req, res) => {
        res.set('ETag', validators.etag);
        res.set('Last-Modified', validators.lastModified.toUTCString());
        if (req.get('If-None-Match') === validators.etag) res.status(304).end();
        else send(res);
      });
      break;
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      app.set('etag', false);
      app.get('/resource', (req, res) => {
        const body = jsonText(produce());
        const tag = sha1EntityTag(body);
        res.set('ETag', tag);
        if (req.get('If-None-Match') === tag) res.status(304).end();
        else res.type('application/json').send(body);
      });
      break;
    case 'precond-validators':
      app.get('/resource', preconditions({ loadValidators: () => validators }), (_req, res) => send(res));
      break;
    case 'precond-after':
      app.use(preconditions());
      app.get('/resource', (_req, res) => send(res));
      break;
    case 'ceiling': {
      const lastModified = formatHttpDate(validators.lastModified);
      app.set('etag', false);
      app.get('/resource', (_req, res) => {
        res.status(304).set({ etag: validators.etag, 'last-modified': lastModified }).end();
      });
      break;
    }
    default:
      throw new Error(`unknown Express variant ${variant}`);
  }
  return listen(createServer(app));
}
