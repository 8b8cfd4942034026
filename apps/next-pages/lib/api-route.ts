import { problemForError } from '@precond/domain';
import type { NextApiHandler } from 'next';
import { sendProblem } from './problem';

/** The methods a route may serve; HEAD is served wherever GET is. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One API route from its handlers by method, with what Koa's `problemResponses()`, its
 * `Cache-Control` middleware and its router's `allowedMethods()` do:
 *
 * - another method gets 405 problem+json with `Allow`, and OPTIONS 200 with `Allow`;
 * - reads are revalidated: GET and HEAD get `Cache-Control: no-cache` before the handler runs, so the
 *   304 `@precond/next/pages` answers from the validators carries it as the 200 would;
 * - every error is problem+json, as the domain's `problemForError` says: a storage outage is 503 with
 *   `Retry-After: 1` (never a silent 200), anything unexpected a 500 that is logged.
 */
export function apiRoute(handlers: Partial<Record<Method, NextApiHandler>>): NextApiHandler {
  const methods = Object.keys(handlers).flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]));
  const allow = [...methods, 'OPTIONS'].join(', ');
  return async (req, res) => {
    if (req.method === 'OPTIONS') {
      res.setHeader('allow', allow);
      res.setHeader('content-length', '0');
      res.status(200).end();
      return;
    }
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = handlers[method as Method];
    if (!handler) {
      sendProblem(req, res, 405, `${req.method} is not supported here`, { allow });
      return;
    }
    if (method === 'GET') res.setHeader('cache-control', 'no-cache');
    try {
      await handler(req, res);
    } catch (error) {
      if (res.headersSent) throw error;
      const { status, detail, headers } = problemForError(error);
      sendProblem(req, res, status, detail, headers);
    }
  };
}

/** A route parameter as one string (Next gives an array for a repeated query parameter). */
export function paramOf(query: Partial<Record<string, string | string[]>>, name: string): string {
  const value = query[name];
  return typeof value === 'string' ? value : '';
}
