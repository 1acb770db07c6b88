/**
 * Test support: a real HTTPS webhook server on 127.0.0.1 port 0 with a freshly
 * generated CA that the client trusts (never rejectUnauthorized: false), and a
 * keep-alive client that posts AdmissionReviews to it.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Webhooks } from '../../src/admission/webhooks.js';
import { createApp } from '../../src/server/app.js';
import { Readiness } from '../../src/server/readiness.js';
import { createWebhookServer, type WebhookServer, type WebhookServerOptions } from '../../src/server/webhook-server.js';
import { defaultWebhooks } from './default-webhooks.js';
import { testCertificates } from './test-certificates.js';

/** HttpResult is a raw HTTP answer. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
}

/** HttpsClient sends requests to a server on 127.0.0.1 that serves a certificate for localhost. */
export interface HttpsClient {
  /** request sends any method/path/body with any headers. */
  request(options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<HttpResult>;
  /** review posts an AdmissionReview (object or raw text) to /validate or /mutate. */
  review(path: '/validate' | '/mutate', review: unknown): Promise<HttpResult>;
}

/** httpsClient is an HttpsClient for port, over agent (which trusts the server's CA). */
export function httpsClient(port: number, agent: https.Agent): HttpsClient {
  const request: HttpsClient['request'] = ({ method = 'POST', path, body, headers = {} }) =>
    new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', servername: 'localhost', port, method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    request,
    review: (path, review) => request({ path, body: typeof review === 'string' ? review : JSON.stringify(review), headers: { 'content-type': 'application/json' } }),
  };
}

/** TestServer is a listening webhook server and a client for it. */
export interface TestServer extends HttpsClient {
  server: WebhookServer;
  port: number;
  ca: string;
  agent: https.Agent;
  readiness: Readiness;
  close(): Promise<void>;
}

/** startTestServer starts the real server on 127.0.0.1:0. */
export async function startTestServer(overrides: Partial<WebhookServerOptions> & { webhooks?: Webhooks } = {}): Promise<TestServer> {
  const certs = await testCertificates();
  const readiness = new Readiness();
  const server = createWebhookServer({
    webhooks: overrides.webhooks ?? defaultWebhooks(),
    pair: { cert: certs.tlsCert, key: certs.tlsKey },
    app: createApp(readiness),
    ...overrides,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = new https.Agent({ ca: certs.caCert, keepAlive: true, maxSockets: 512 });

  const { request, review } = httpsClient(port, agent);

  return {
    server,
    port,
    ca: certs.caCert,
    agent,
    readiness,
    request,
    review,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
