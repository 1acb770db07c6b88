/**
 * The bare Node HTTPS baseline the product is measured against: node's https
 * module with the same certificate, which reads the body, JSON.parse()s it and
 * answers the smallest correct AdmissionReview with the uid echoed (for
 * /mutate, with the same type patch the product returns). It checks nothing:
 * it is the floor that TLS, HTTP parsing and JSON cost on this machine, so
 * that the product's numbers can be quoted as a ratio to it.
 *
 * Two variants put the product's layers on it one at a time, to tell where
 * the product's extra CPU goes (docs/performance.md):
 * - "baseline-loaded": the product's webhooks (schemas compiled) and express
 *   app are built and kept, but every answer is still the baseline's: what a
 *   bigger program costs a request that never runs it;
 * - "baseline-decision": the answer is the product's decision (decodeReview,
 *   the webhook, encodeReview) on the baseline's request handling.
 *
 * Run by bench/run.js as a child process: argv[2] is a JSON file with the
 * paths of the serving pair and the variant; the port is sent to the parent over IPC.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';

const { certFile, keyFile, variant } = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const PATCH = Buffer.from(JSON.stringify([{ op: 'add', path: '/spec/type', value: 'tcp' }])).toString('base64');

function bareAnswer(path, body) {
  const review = JSON.parse(body);
  const uid = review.request.uid;
  const response = path === '/mutate' ? { uid, allowed: true, patchType: 'JSONPatch', patch: PATCH } : { uid, allowed: true };
  return JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
}

/** productAnswer builds the variant's product layers and returns its answer function. */
async function productAnswer() {
  // Imported only for these variants: the bare baseline loads nothing of the product.
  const { loadDist: load } = await import('../lib/dist.js');
  const [{ createWebhooks }, { createApp }, { Readiness }, { decodeReview }, { encodeReview }] = await Promise.all([
    load('admission/webhooks.js'),
    load('server/app.js'),
    load('server/readiness.js'),
    load('admission/decode.js'),
    load('admission/encode.js'),
  ]);
  const webhooks = createWebhooks();
  // Kept reachable, so that the heap holds what serve's does.
  globalThis.benchKept = [webhooks, createApp(new Readiness())];
  if (variant === 'baseline-loaded') return bareAnswer;
  return (path, body) => {
    const decoded = decodeReview(body);
    return encodeReview(decoded.apiVersion, webhooks[path === '/mutate' ? 'mutate' : 'validate'](decoded.request));
  };
}

const answer = variant === 'baseline-loaded' || variant === 'baseline-decision' ? await productAnswer() : bareAnswer;

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 95_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = answer(req.url, Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
