/**
 * The health endpoints, shared by the HTTPS app and the plain-HTTP metrics
 * listener: /livez passes while the process can answer at all, /readyz while
 * every readiness check passes.
 */
import { Router, type Request, type Response } from 'express';
import type { Readiness } from './readiness.js';

function send(req: Request, res: Response, ok: boolean, lines: string[], name: string): void {
  const verbose = req.query['verbose'] !== undefined;
  const body = verbose ? `${lines.join('\n')}\n${name} check ${ok ? 'passed' : 'failed'}\n` : ok ? 'ok' : `${lines.filter((l) => l.startsWith('[-]')).join('\n')}\n${name} check failed\n`;
  res.status(ok ? 200 : 503).type('text/plain').set('cache-control', 'no-store').send(body);
}

/** healthRoutes returns a router serving GET /livez and GET /readyz. */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/livez', (req, res) => send(req, res, true, ['[+]ping ok'], 'livez'));
  router.get('/readyz', (req, res) => {
    const report = readiness.report();
    send(req, res, report.ready, report.lines, 'readyz');
  });
  return router;
}
