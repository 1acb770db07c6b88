/**
 * createMetricsServer builds the plain-HTTP listener for Prometheus and the
 * kubelet: GET /metrics, /livez and /readyz. It is separate from the HTTPS
 * port so that scraping needs no client certificate trust and a NetworkPolicy
 * can open it to monitoring alone. Creating it never listens.
 */
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { encodeStatus } from '../admission/encode.js';
import { getOnly, healthRoutes } from './health-routes.js';
import type { Readiness } from './readiness.js';

/** METRICS_HEADERS_TIMEOUT_MS closes a connection whose headers trickle in; Prometheus and the kubelet send them at once. */
export const METRICS_HEADERS_TIMEOUT_MS = 5_000;

/** METRICS_REQUEST_TIMEOUT_MS matches Prometheus's default scrape_timeout of 10 s, past which the scrape is lost anyway. */
export const METRICS_REQUEST_TIMEOUT_MS = 10_000;

/** METRICS_KEEP_ALIVE_TIMEOUT_MS outlasts the usual 15 to 60 s scrape and probe intervals, so those reuse their connection. */
export const METRICS_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** MetricsServerOptions say what to serve. */
export interface MetricsServerOptions {
  registry: Registry;
  readiness: Readiness;
}

/** createMetricsServer returns the HTTP server, not yet listening. */
export function createMetricsServer(options: MetricsServerOptions): http.Server {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(healthRoutes(options.readiness));
  app.get('/metrics', (_req: Request, res: Response, next: NextFunction) => {
    options.registry.metrics().then(
      (text) => void res.status(200).type(options.registry.contentType).set('cache-control', 'no-store').send(text),
      next,
    );
  });
  app.all('/metrics', getOnly);
  app.use((req: Request, res: Response) => {
    res.status(404).type('application/json').send(encodeStatus(404, 'NotFound', `the server could not find the requested resource: ${req.method} ${req.path}`));
  });
  app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    res.status(500).type('application/json').send(encodeStatus(500, 'InternalError', 'internal error'));
  });
  return http.createServer(
    {
      headersTimeout: METRICS_HEADERS_TIMEOUT_MS,
      requestTimeout: METRICS_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: METRICS_KEEP_ALIVE_TIMEOUT_MS,
    },
    app,
  );
}
