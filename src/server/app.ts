/**
 * createApp builds the express application for everything on the HTTPS port
 * except the admission paths, which the HTTPS server answers before express
 * (see webhook-server.ts): health, and kube-style JSON errors
 * for unknown paths and methods (never express's HTML pages). Creating the app
 * never listens.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { encodeStatus } from '../admission/encode.js';
import { healthRoutes } from './health-routes.js';
import type { Readiness } from './readiness.js';

/** createApp returns the express app serving health and JSON errors. */
export function createApp(readiness: Readiness): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(healthRoutes(readiness));
  app.use((req: Request, res: Response) => {
    res.status(404).type('application/json').send(encodeStatus(404, 'NotFound', `the server could not find the requested resource: ${req.method} ${req.path}`));
  });
  // Last resort: express's default handler would answer HTML with a stack trace.
  app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    res.status(500).type('application/json').send(encodeStatus(500, 'InternalError', 'internal error'));
  });
  return app;
}
