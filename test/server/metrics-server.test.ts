import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, Counter } from 'prom-client';
import { createMetricsServer } from '../../src/server/metrics-server.js';
import { Readiness } from '../../src/server/readiness.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('createMetricsServer', () => {
  let server: http.Server;
  let port: number;
  let ready: string | undefined;
  const agent = new http.Agent({ keepAlive: true });

  function get(path: string, method = 'GET'): Promise<Answer> {
    return new Promise((resolve, reject) => {
      http
        .request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject)
        .end();
    });
  }

  before(async () => {
    const registry = new Registry();
    new Counter({ name: 'test_things_total', help: 'Things.', registers: [registry] }).inc(3);
    const readiness = new Readiness().add('certificate', () => ready);
    server = createMetricsServer({ registry, readiness });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the registry on GET /metrics in the Prometheus text format', async () => {
    const answer = await get('/metrics');
    expect(answer.status).to.equal(200);
    expect(answer.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).to.include('# TYPE test_things_total counter\ntest_things_total 3\n');
  });

  it('serves /livez', async () => {
    expect(await get('/livez')).to.include({ status: 200, body: 'ok' });
  });

  it('serves /readyz from the readiness it is given', async () => {
    ready = undefined;
    expect(await get('/readyz?verbose')).to.include({ status: 200, body: '[+]certificate ok\nreadyz check passed\n' });
    ready = 'no serving certificate loaded';
    expect(await get('/readyz')).to.include({ status: 503, body: '[-]certificate failed: no serving certificate loaded\nreadyz check failed\n' });
    ready = undefined;
  });

  for (const [method, path] of [['POST', '/metrics'], ['POST', '/livez'], ['PUT', '/readyz']] as const) {
    it(`answers ${method} ${path} with a JSON 405 and Allow: GET, HEAD, not a 404`, async () => {
      const answer = await get(path, method);
      expect(answer.status).to.equal(405);
      expect(answer.headers['allow']).to.equal('GET, HEAD');
      expect(JSON.parse(answer.body)).to.include({ kind: 'Status', code: 405, reason: 'MethodNotAllowed', message: `method ${method} is not allowed on ${path}: use GET` });
    });
  }

  it('answers anything else with a JSON 404', async () => {
    const answer = await get('/validate', 'POST');
    expect(answer.status).to.equal(404);
    expect(JSON.parse(answer.body)).to.include({ kind: 'Status', code: 404, reason: 'NotFound' });
  });
});
