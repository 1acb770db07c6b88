/**
 * The bare Node HTTPS baseline the product is measured against: node's https
 * module with the same certificate, which reads the body, JSON.parse()s it and
 * answers the smallest correct AdmissionReview with the uid echoed (for
 * /mutate, with the same type patch the product returns). It checks nothing:
 * it is the floor that TLS, HTTP parsing and JSON cost on this machine, so
 * that the product's numbers can be quoted as a ratio to it.
 *
 * Run by bench/run.js as a child process: argv[2] is a JSON file with the
 * paths of the serving pair; the port is sent to the parent over IPC.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';

const { certFile, keyFile } = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const PATCH = Buffer.from(JSON.stringify([{ op: 'add', path: '/spec/type', value: 'tcp' }])).toString('base64');

function answer(path, review) {
  const uid = review.request.uid;
  const response = path === '/mutate' ? { uid, allowed: true, patchType: 'JSONPatch', patch: PATCH } : { uid, allowed: true };
  return JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
}

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 95_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = answer(req.url, JSON.parse(Buffer.concat(chunks).toString('utf8')));
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
