/**
 * The two express designs the product's request path was measured against
 * (docs/performance.md), kept so that the numbers behind the choice can be
 * reproduced with `npm run bench -- --variants`:
 *
 * - "express-json": the naive app, express 5 with express.json() on the
 *   admission routes and res.json() for the answer;
 * - "express-raw": express routing, but the body read by hand, decoded with
 *   the product's decodeReview and answered with res.end() of the product's
 *   encodeReview string.
 *
 * Both run the product's own decision (createWebhooks), so the only
 * difference from the product is the HTTP path. argv[2] is a JSON file with
 * the serving pair and the variant; the port goes back over IPC.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import express from 'express';
import { createWebhooks } from '../../dist/admission/webhooks.js';
import { decodeReview } from '../../dist/admission/decode.js';
import { encodeReview } from '../../dist/admission/encode.js';

const { certFile, keyFile, variant } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const webhooks = createWebhooks();
const app = express();
app.disable('x-powered-by');
app.disable('etag');

for (const name of ['validate', 'mutate']) {
  if (variant === 'express-json') {
    app.post(`/${name}`, express.json({ limit: '7mb' }), (req, res) => {
      const review = req.body;
      res.json({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response: webhooks[name](review.request) });
    });
  } else {
    app.post(`/${name}`, (req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const decoded = decodeReview(Buffer.concat(chunks).toString('utf8'));
          res.writeHead(200, { 'content-type': 'application/json' }).end(encodeReview(decoded.apiVersion, webhooks[name](decoded.request)));
        } catch {
          res.writeHead(400).end();
        }
      });
    });
  }
}

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 95_000 }, app);
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
