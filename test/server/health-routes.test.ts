import { expect } from 'chai';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthRoutes } from '../../src/server/health-routes.js';
import { Readiness } from '../../src/server/readiness.js';
import { request } from '../support/serve-process.js';

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/** HEADERS are the response headers the tests compare. */
const HEADERS = ['content-type', 'cache-control', 'allow'] as const;

describe('healthRoutes', () => {
  let failure: string | undefined;
  let server: http.Server;

  /** ask sends one request on a connection of its own, and keeps the HEADERS compared. */
  async function ask(method: string, path: string): Promise<Answer> {
    const { status, headers, body } = await request((server.address() as AddressInfo).port, method, path);
    return { status, headers: Object.fromEntries(HEADERS.map((h) => [h, headers[h] as string | undefined])), body };
  }

  before(async () => {
    const readiness = new Readiness().add('certificate', () => undefined).add('cache', () => failure);
    const app = express().use(healthRoutes(readiness));
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => (failure = undefined));

  const text = (status: number, body: string): Answer => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', allow: undefined },
    body,
  });

  context('when every check passes', () => {
    const cases: [string, Answer][] = [
      ['/livez', text(200, 'ok')],
      ['/livez?verbose', text(200, '[+]ping ok\nlivez check passed\n')],
      ['/readyz', text(200, 'ok')],
      ['/readyz?verbose', text(200, '[+]certificate ok\n[+]cache ok\nreadyz check passed\n')],
    ];
    for (const [path, answer] of cases) {
      it(`answers GET ${path}`, async () => {
        expect(await ask('GET', path)).to.deep.equal(answer);
      });
    }

    it('answers HEAD as GET, without a body', async () => {
      expect(await ask('HEAD', '/readyz')).to.deep.equal(text(200, ''));
    });
  });

  context('when a readiness check fails', () => {
    const cases: [string, Answer][] = [
      ['/readyz', text(503, '[-]cache failed: not synced\nreadyz check failed\n')],
      ['/readyz?verbose', text(503, '[+]certificate ok\n[-]cache failed: not synced\nreadyz check failed\n')],
      ['/livez', text(200, 'ok')],
    ];
    for (const [path, answer] of cases) {
      it(`answers GET ${path}`, async () => {
        failure = 'not synced';
        expect(await ask('GET', path)).to.deep.equal(answer);
      });
    }
  });

  context('when the method is not GET or HEAD', () => {
    for (const [method, path] of [['POST', '/livez'], ['DELETE', '/readyz']]) {
      it(`answers ${method} ${path} with a JSON 405 that allows GET and HEAD`, async () => {
        expect(await ask(method, path)).to.deep.equal({
          status: 405,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': undefined, allow: 'GET, HEAD' },
          body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `method ${method} is not allowed on ${path}: use GET`, reason: 'MethodNotAllowed', code: 405 }),
        });
      });
    }
  });
});
