/**
 * AdmissionEndpoint on its own: Node's request and response objects of a
 * plain HTTP server on 127.0.0.1 port 0, with decisions and an observer the
 * test controls, so each of its answers is seen without TLS or express.
 * test/server/webhook-server.test.ts holds it inside the real HTTPS server.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowed } from '../../src/admission/response.js';
import type { Webhooks } from '../../src/admission/webhooks.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import { AdmissionEndpoint } from '../../src/server/admission-endpoint.js';
import { KeepAlive } from '../../src/server/keep-alive.js';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from '../../src/server/telemetry/admission-observer.js';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';

/** BODY_LIMIT is small, so that the limit is reached with a few bytes. */
const BODY_LIMIT = 2048;

const UID = 'e911857d-c318-11e8-bbad-025000000001';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: unknown;
}

describe('AdmissionEndpoint', () => {
  let server: http.Server;
  let port: number;
  let keepAlive: KeepAlive;
  let events: string[];
  let reviewed: ReviewRecord[];
  let malformed: MalformedRecord[];
  let decide: (request: AdmissionRequest) => ReturnType<Webhooks['validate']>;

  const observer: AdmissionObserver = {
    started: (webhook) => void events.push(`started ${webhook}`),
    finished: (webhook) => void events.push(`finished ${webhook}`),
    reviewed: (record) => void (events.push('reviewed'), reviewed.push(record)),
    malformed: (record) => void (events.push('malformed'), malformed.push(record)),
  };

  function send(options: { method?: string; path?: string; body?: string; headers?: http.OutgoingHttpHeaders; chunked?: boolean; agent?: http.Agent }): Promise<Answer> {
    const { method = 'POST', path = '/validate', body = '', chunked = false } = options;
    const headers = { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }), ...options.headers };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: options.agent ?? false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) }));
      });
      // An oversized body is answered before it is all sent; the server may close while this side still writes.
      req.on('error', reject);
      if (chunked) for (let i = 0; i < body.length; i += 512) req.write(body.slice(i, i + 512));
      req.end(chunked ? undefined : body);
    });
  }

  before(async () => {
    const webhooks: Webhooks = { validate: (request) => decide(request), mutate: (request) => decide(request) };
    server = http.createServer((req, res) => {
      const webhook = req.url === '/mutate' ? 'mutate' : 'validate';
      endpoint.handle(webhook, req, res);
    });
    keepAlive = new KeepAlive();
    const endpoint = new AdmissionEndpoint(webhooks, observer, keepAlive, BODY_LIMIT);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    events = [];
    reviewed = [];
    malformed = [];
    decide = (request) => allowed(request.uid);
  });

  context('when the review is well formed', () => {
    it('answers the decision in the version asked, and reports the review once', async () => {
      decide = (request) => allowed(request.uid, [`seen ${request.kind.kind}`]);
      const answer = await send({ path: '/mutate', body: JSON.stringify(reviewFor(requestFor(validListener()), 'admission.k8s.io/v1beta1')) });
      expect(answer.status).to.equal(200);
      expect(answer.headers['content-type']).to.equal('application/json');
      expect(answer.json).to.deep.equal({
        apiVersion: 'admission.k8s.io/v1beta1',
        kind: 'AdmissionReview',
        response: { uid: UID, allowed: true, warnings: ['seen Listener'] },
      });
      expect(events).to.deep.equal(['started mutate', 'reviewed', 'finished mutate']);
      expect(reviewed[0]).to.deep.include({ webhook: 'mutate', httpStatus: 200, error: undefined });
    });
  });

  context('when the decision throws', () => {
    it('answers a 500 AdmissionReview for the uid, without the stack, and reports the error', async () => {
      const boom = new Error('boom');
      decide = () => {
        throw boom;
      };
      const answer = await send({ body: JSON.stringify(reviewFor(requestFor(validListener()))) });
      expect(answer.status).to.equal(500);
      expect(answer.json).to.deep.equal({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: {
          uid: UID,
          allowed: false,
          status: { status: 'Failure', code: 500, reason: 'InternalError', message: 'internal error in the validate webhook: boom' },
        },
      });
      expect(reviewed[0]).to.deep.include({ httpStatus: 500, error: boom });
    });
  });

  context('when the request cannot be reviewed', () => {
    const cases: { rule: string; request: Parameters<typeof send>[0]; status: number; reason: string; message: string }[] = [
      { rule: 'a method other than POST is 405', request: { method: 'PUT' }, status: 405, reason: 'MethodNotAllowed', message: 'method PUT is not allowed on /validate: use POST' },
      {
        rule: 'a content type other than JSON is 415',
        request: { headers: { 'content-type': 'text/plain' } },
        status: 415,
        reason: 'UnsupportedMediaType',
        message: 'content type "text/plain" is not supported: use application/json (UTF-8)',
      },
      {
        rule: 'JSON in a charset other than UTF-8 is 415',
        request: { headers: { 'content-type': 'application/json; charset=latin1' } },
        status: 415,
        reason: 'UnsupportedMediaType',
        message: 'content type "application/json; charset=latin1" is not supported: use application/json (UTF-8)',
      },
      {
        rule: 'a declared length over the limit is 413, before the body is read',
        request: { body: 'x'.repeat(BODY_LIMIT + 1) },
        status: 413,
        reason: 'RequestEntityTooLarge',
        message: `request body of ${BODY_LIMIT + 1} bytes is over the limit of ${BODY_LIMIT} bytes`,
      },
      {
        rule: 'a chunked body that grows over the limit is 413',
        request: { body: 'x'.repeat(BODY_LIMIT * 2), chunked: true },
        status: 413,
        reason: 'RequestEntityTooLarge',
        message: `request body is over the limit of ${BODY_LIMIT} bytes`,
      },
      { rule: 'a body that is not JSON is 400', request: { body: '{not json' }, status: 400, reason: 'BadRequest', message: 'request body is not valid JSON' },
    ];
    for (const { rule, request, status, reason, message } of cases) {
      it(`answers a Status: ${rule}`, async () => {
        const answer = await send(request);
        expect(answer.status).to.equal(status);
        expect(answer.json).to.deep.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: status, reason });
        expect((answer.json as { message: string }).message).to.equal(message);
        expect(events).to.deep.equal(['started validate', 'malformed', 'finished validate']);
        expect(malformed[0]).to.deep.include({ webhook: 'validate', httpStatus: status, uid: undefined });
      });
    }

    it('allows POST in the answer to another method', async () => {
      expect((await send({ method: 'GET' })).headers['allow']).to.equal('POST');
    });

    it('closes the connection after a 413 whose body it never read', async () => {
      expect((await send({ body: 'x'.repeat(BODY_LIMIT * 2), chunked: true })).headers['connection']).to.equal('close');
    });

    it('answers an AdmissionReview for the uid once the uid is known', async () => {
      const review = reviewFor(requestFor(validListener()));
      delete review['request'].operation;
      const answer = await send({ body: JSON.stringify(review) });
      expect(answer.status).to.equal(400);
      expect(answer.json).to.deep.equal({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: {
          uid: UID,
          allowed: false,
          status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'request.operation: Required value' },
        },
      });
      expect(malformed[0]).to.deep.include({ reason: 'invalid_request', uid: UID });
    });
  });

  // Last: the keep-alive has no way back once stopped.
  context('when the keep-alive has stopped (the shutdown drain)', () => {
    it('closes each connection after its answer', async () => {
      const agent = new http.Agent({ keepAlive: true });
      const body = JSON.stringify(reviewFor(requestFor(validListener())));
      try {
        const open = await send({ body, agent });
        keepAlive.stop();
        const draining = await send({ body, agent });
        expect([open.headers['connection'], draining.headers['connection']]).to.deep.equal(['keep-alive', 'close']);
      } finally {
        agent.destroy();
      }
    });
  });
});
