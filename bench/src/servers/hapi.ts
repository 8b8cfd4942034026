/**
 * hapi servers: bare, bare with its validators set by hand or with its body tagged by hand after the
 * fact (SHA-1, as precond tags), with @precond/hapi (validator-first or after the fact), hapi's own
 * `h.entity()`, the render-and-hash incumbent (the `etag` package's tag on the rendered body, which
 * hapi's own check turns into a 304), and the ceiling (a constant 304).
 *
 * @module
 */

import Hapi, { type ResponseToolkit, type ServerRoute } from '@hapi/hapi';
import { formatHttpDate } from '@precond/core';
import { precond } from '@precond/hapi';
import etag from 'etag';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
import type { ListeningServer } from './listen.js';

export async function startHapi(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators, opaqueTag } = fixture(body);
  const lastModified = formatHttpDate(validators.lastModified);
  const send = (h: ResponseToolkit) => {
    const rendered = produce();
    return typeof rendered === 'string'
      ? h.response(rendered).type('application/json')
      : (rendered as object);
  };
  const server = Hapi.server({ host: '127.0.0.1', port: 0 });
  const route: ServerRoute = { method: 'GET', path: '/resource', handler: (_request, h) => send(h) };
  switch (variant) {
    case 'bare':
      break;
    // What hapi charges any plugin with precond's two extension points, before it does anything.
    case 'extensions':
    case 'layer':
      server.ext('onPreHandler', (_request, h) => h.continue);
      server.ext('onPreResponse', (_request, h) => h.continue);
      break;
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      route.handler = (request, h) => {
        const rendered = request.headers['if-none-match'] === validators.etag ? undefined : produce();
        const response =
          rendered === undefined
            ? h.response().code(304)
            : typeof rendered === 'string'
              ? h.response(rendered).type('application/json')
              : h.response(rendered as object);
        return response
          .header('etag', validators.etag)
          .header('last-modified', validators.lastModified.toUTCString());
      };
      break;
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      route.handler = (request, h) => {
        const body = jsonText(produce());
        const tag = sha1EntityTag(body);
        const response =
          request.headers['if-none-match'] === tag
            ? h.response().code(304)
            : h.response(body).type('application/json');
        return response.header('etag', tag);
      };
      break;
    case 'precond-validators':
      await server.register({ plugin: precond });
      route.options = { plugins: { precond: { loadValidators: () => validators } } };
      break;
    case 'precond-after':
      await server.register({ plugin: precond });
      break;
    case 'entity':
      route.handler = (_request, h) => h.entity({ etag: opaqueTag, modified: lastModified }) ?? send(h);
      break;
    case 'incumbent': {
      route.handler = (_request, h) => {
        const rendered = produce() as string;
        // etag() gives `"<length>-<hash>"`; hapi's response.etag() wants the opaque-tag alone.
        return h.response(rendered).type('application/json').etag(etag(rendered).slice(1, -1));
      };
      break;
    }
    case 'ceiling':
      route.handler = (_request, h) =>
        h.response().code(304).header('etag', validators.etag).header('last-modified', lastModified);
      break;
    default:
      throw new Error(`unknown hapi variant ${variant}`);
  }
  server.route(route);
  await server.start();
  return { port: server.info.port as number, close: () => server.stop({ timeout: 1000 }) };
}
