// scratch: per-request JS cost of the pipeline, in-process
import { REQUESTS } from './fixtures.js';
import { createWebhooks } from '../dist/admission/webhooks.js';
import { decodeReview } from '../dist/admission/decode.js';
import { encodeReview } from '../dist/admission/encode.js';
import { WebhookMetrics } from '../dist/server/metrics.js';
import { ReviewLog } from '../dist/server/review-log.js';
import { createLogger } from '../dist/server/logger.js';
const webhooks = createWebhooks();
const metrics = new WebhookMetrics();
const log = new ReviewLog(createLogger({ level: 'info', format: 'json' }));
const ep = process.argv[2] ?? 'validate';
const body = REQUESTS[ep].body;
function run(name, fn, n = 200000) {
  for (let i = 0; i < 20000; i++) fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - t) / n;
  process.stderr.write(`${name.padEnd(20)} ${(ns / 1000).toFixed(2)} µs\n`);
}
const stages = {
  parse: () => JSON.parse(body),
  baseline: () => { const r = JSON.parse(body); return JSON.stringify({ apiVersion: r.apiVersion, kind: 'AdmissionReview', response: { uid: r.request.uid, allowed: true } }); },
  core: () => { const d = decodeReview(body); const resp = webhooks[ep](d.request); return encodeReview(d.apiVersion, resp); },
  decided: (() => { const d = decodeReview(body); return () => webhooks[ep](d.request); })(),
  metrics: (() => { const d = decodeReview(body); const response = webhooks[ep](d.request); const rec = { webhook: ep, request: d.request, response, httpStatus: 200, durationSeconds: 0.0001 }; return () => { metrics.started(ep); metrics.reviewed(rec); metrics.finished(ep); }; })(),
  log: (() => { const d = decodeReview(body); const response = webhooks[ep](d.request); const rec = { webhook: ep, request: d.request, response, httpStatus: 200, durationSeconds: 0.0001 }; return () => log.reviewed(rec); })(),
};
for (const s of (process.argv[3] ?? Object.keys(stages).join(',')).split(',')) run(s, stages[s]);
