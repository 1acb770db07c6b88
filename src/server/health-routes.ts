/**
 * The health endpoints, shared by the HTTPS app and the plain-HTTP metrics
 * listener: /livez passes while the process can answer at all, /readyz while
 * every readiness check passes.
 */
import { Router, type Request, type Response } from 'express';
import { encodeStatus } from '../admission/encode.js';
import type { Readiness } from './readiness.js';

/**
 * getOnly answers any method but GET and HEAD on a path that exists with a JSON
 * 405 and `Allow: GET, HEAD` (RFC 9110 §15.5.6), as /validate and /mutate answer
 * a method other than POST: the path is there, so a 404 would be wrong.
 */
export function getOnly(req: Request, res: Response): void {
  res
    .status(405)
    .set('allow', 'GET, HEAD')
    .type('application/json')
    .send(encodeStatus(405, 'MethodNotAllowed', `method ${req.method} is not allowed on ${req.path}: use GET`));
}

function send(req: Request, res: Response, ok: boolean, lines: string[], name: string): void {
  const verbose = req.query['verbose'] !== undefined;
  const body = verbose ? `${lines.join('\n')}\n${name} check ${ok ? 'passed' : 'failed'}\n` : ok ? 'ok' : `${lines.filter((l) => l.startsWith('[-]')).join('\n')}\n${name} check failed\n`;
  res.status(ok ? 200 : 503).type('text/plain').set('cache-control', 'no-store').send(body);
}

/** healthRoutes returns a router serving GET /livez and GET /readyz (405 for other methods). */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/livez', (req, res) => send(req, res, true, ['[+]ping ok'], 'livez'));
  router.get('/readyz', (req, res) => {
    const report = readiness.report();
    send(req, res, report.ready, report.lines, 'readyz');
  });
  router.all(['/livez', '/readyz'], getOnly);
  return router;
}
