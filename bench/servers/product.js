/**
 * The product's server as `serve` builds it, without the command line around
 * it: createWebhookServer with the compiled webhooks and the express app. The
 * variant picks the observer:
 *
 * - "core": none (NOOP_OBSERVER), the request path alone;
 * - "observed": the metrics and the review log as `serve` wires them
 *   (createLogger at info: JSON lines to stdout through pino.destination);
 * - "metrics-only" and "log-only": each observer alone.
 *
 * It imports the compiled dist/, which `npm run bench` builds first, so what
 * is measured is what ships (or, with BENCH_DIST, another build to compare). Run by bench/run.js as a child process: argv[2]
 * is a JSON file with the serving pair and the variant; the port goes back
 * over IPC.
 */
import { readFileSync } from 'node:fs';
import { loadDist as load } from '../lib/dist.js';
const [{ createWebhooks }, { createApp }, { Readiness }, { createWebhookServer }, { combineObservers, NOOP_OBSERVER }, { createLogger }, { WebhookMetrics }, { ReviewLog }] =
  await Promise.all([
    load('admission/webhooks.js'),
    load('server/app.js'),
    load('server/readiness.js'),
    load('server/webhook-server.js'),
    load('server/telemetry/admission-observer.js'),
    load('server/telemetry/logger.js'),
    load('server/telemetry/metrics.js'),
    load('server/telemetry/review-log.js'),
  ]);

const { certFile, keyFile, variant } = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function observer() {
  if (variant === 'core') return NOOP_OBSERVER;
  if (variant === 'metrics-only') return new WebhookMetrics();
  if (variant === 'log-only') return new ReviewLog(createLogger({ level: 'info', format: 'json' }));
  return combineObservers(new WebhookMetrics(), new ReviewLog(createLogger({ level: 'info', format: 'json' })));
}

const server = createWebhookServer({
  webhooks: createWebhooks(),
  pair: { cert: readFileSync(certFile), key: readFileSync(keyFile) },
  app: createApp(new Readiness()),
  observer: observer(),
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  // process.exit (not a signal death) lets --cpu-prof write its profile.
  server.close(() => process.exit(0));
});
