/**
 * The host's floor: what TLS and HTTP alone cost on this machine, with no
 * JSON at all. It reads the body like the baseline, but finds the review's uid
 * with a byte search instead of JSON.parse, and answers a prepared
 * AdmissionReview around it (for /mutate, with the same type patch). It is
 * correct only for reviews shaped like the benchmark's (the request's uid is
 * the first "uid" in the body), which is all it is ever sent.
 *
 * Nothing answers faster on this machine, so its p99 latency is the least any
 * server can show here: where the floor's own p99 is over the 2 ms target,
 * the host's stalls, not a server, set the tail (see lib/host-stalls.js and
 * docs/performance.md). Started like the baseline: argv[2] is a JSON file with
 * the serving pair; the port goes back over IPC.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';

const { certFile, keyFile } = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const PATCH = Buffer.from(JSON.stringify([{ op: 'add', path: '/spec/type', value: 'tcp' }])).toString('base64');
const UID = Buffer.from('"uid":"');
const OPENING = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"';
const CLOSINGS = { '/validate': '","allowed":true}}', '/mutate': `","allowed":true,"patchType":"JSONPatch","patch":"${PATCH}"}}` };

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 95_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const from = body.indexOf(UID);
    const to = from === -1 ? -1 : body.indexOf(34, from + UID.length);
    const closing = CLOSINGS[req.url];
    if (to === -1 || closing === undefined) {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(`${OPENING}${body.latin1Slice(from + UID.length, to)}${closing}`);
  });
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
