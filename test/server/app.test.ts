import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app.js';
import { Readiness } from '../../src/server/readiness.js';
import { request } from '../support/serve-process.js';

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** HEADERS are the response headers the tests compare. */
const HEADERS = ['content-type', 'x-powered-by', 'etag'] as const;

/** BrokenReadiness is a readiness whose report itself throws, as a bug would. */
class BrokenReadiness extends Readiness {
  override report(): never {
    throw new Error('secret detail at /src/server/readiness.ts:1');
  }
}

/** status is the metav1.Status body the app answers errors with. */
function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

describe('createApp', () => {
  const servers: http.Server[] = [];

  /** serve listens with app's handler on 127.0.0.1, port 0. */
  async function serve(readiness: Readiness): Promise<http.Server> {
    const server = http.createServer(createApp(readiness));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** ask sends one request on a connection of its own, and keeps the HEADERS compared. */
  async function ask(server: http.Server, method: string, path: string): Promise<Answer> {
    const { status, headers, body } = await request((server.address() as AddressInfo).port, method, path);
    return { status, headers: Object.fromEntries(HEADERS.map((h) => [h, headers[h] as string | undefined])), body };
  }

  after(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('serves the health endpoints, with neither x-powered-by nor an etag', async () => {
    const server = await serve(new Readiness());
    expect(await ask(server, 'GET', '/livez')).to.deep.equal({
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-powered-by': undefined, etag: undefined },
      body: 'ok',
    });
  });

  context('when the path is unknown', () => {
    const cases: [string, string][] = [
      ['GET', '/'],
      ['POST', '/healthz'],
      ['GET', '/livez/extra'],
    ];
    for (const [method, path] of cases) {
      it(`answers ${method} ${path} with a JSON 404, never an HTML page`, async () => {
        const server = await serve(new Readiness());
        expect(await ask(server, method, path)).to.deep.equal({
          status: 404,
          headers: { 'content-type': 'application/json; charset=utf-8', 'x-powered-by': undefined, etag: undefined },
          body: status(404, 'NotFound', `the server could not find the requested resource: ${method} ${path}`),
        });
      });
    }
  });

  context('when a handler throws', () => {
    it('answers a JSON 500 that carries no detail of the error', async () => {
      const server = await serve(new BrokenReadiness());
      expect(await ask(server, 'GET', '/readyz')).to.deep.equal({
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-powered-by': undefined, etag: undefined },
        body: status(500, 'InternalError', 'internal error'),
      });
    });
  });
});
