import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import tls from 'node:tls';
import { decodePatch } from '../../src/admission/offline-review.js';
import { MAX_BODY_BYTES } from '../../src/server/admission-endpoint.js';
import { requestFor, reviewFor, validBinding, validListener } from '../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

describe('webhook-server', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  context('when the API server sends a valid review', () => {
    for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
      it(`answers ${apiVersion} in ${apiVersion}, echoing the uid`, async () => {
        const request = requestFor(validBinding(), { uid: `uid-${apiVersion}` });
        const res = await server.review('/validate', reviewFor(request, apiVersion));
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.equal('application/json');
        expect(res.json).to.deep.equal({ apiVersion, kind: 'AdmissionReview', response: { uid: `uid-${apiVersion}`, allowed: true } });
      });
    }

    it('denies a bad binding with a 422 status kubectl can print', async () => {
      const object = validBinding();
      object.spec.connectorNamespace = 'west';
      const res = await server.review('/validate', reviewFor(requestFor(object)));
      const response = (res.json as any).response;
      expect(res.status).to.equal(200);
      expect(response.allowed).to.equal(false);
      expect(response.status.message).to.equal(
        `AttachedConnectorBinding.skupper.io "backend" is invalid: spec.connectorNamespace: Invalid value: "west": must be a peer namespace: it may not be the binding's own namespace`,
      );
    });

    const mutations: Array<[string, (o: Record<string, any>) => void]> = [
      ['a Listener without type', () => {}],
      ['a Listener with an empty type', (o) => (o.spec.type = '')],
      ['a Listener without spec', (o) => delete o.spec],
      ['a Listener with type udp', (o) => (o.spec.type = 'udp')],
    ];
    for (const [name, edit] of mutations) {
      it(`returns a patch for ${name} that applies to the object and matches the decision`, async () => {
        const object = validListener();
        edit(object);
        const res = await server.review('/mutate', reviewFor(requestFor(object)));
        const response = (res.json as any).response;
        expect(response.allowed).to.equal(true);
        const patch = response.patch ? decodePatch(response) : [];
        const result = jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument;
        const expectedType = object.spec?.type || 'tcp';
        expect(result.spec.type).to.equal(expectedType);
        expect(response).to.deep.equal(defaultWebhooks().mutate(requestFor(object)));
      });
    }
  });

  context('when the request is malformed', () => {
    it('answers 400 with a Status for a body that is not JSON', async () => {
      const res = await server.review('/validate', '{"apiVersion"');
      expect(res.status).to.equal(400);
      expect(res.json).to.deep.include({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' });
    });

    it('answers 400 with an AdmissionReview when the uid is known', async () => {
      const review = reviewFor(requestFor(validListener()));
      review['request'].operation = 42;
      const res = await server.review('/mutate', review);
      expect(res.status).to.equal(400);
      expect(res.json).to.deep.equal({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: requestFor(undefined).uid, allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'request.operation: Required value' } },
      });
    });

    it('answers 415 for another content type', async () => {
      const res = await server.request({ path: '/validate', body: JSON.stringify(reviewFor(requestFor(validListener()))), headers: { 'content-type': 'text/plain' } });
      expect(res.status).to.equal(415);
      expect(res.json).to.deep.include({ kind: 'Status', reason: 'UnsupportedMediaType' });
    });

    it('accepts application/json with a charset', async () => {
      const res = await server.request({ path: '/validate', body: JSON.stringify(reviewFor(requestFor(validListener()))), headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(res.status).to.equal(200);
    });

    it('answers 413 for a body over the limit', async () => {
      const res = await server.review('/validate', ' '.repeat(MAX_BODY_BYTES + 1));
      expect(res.status).to.equal(413);
      expect(res.json).to.deep.include({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    });

    it('answers 405 for GET on an admission path', async () => {
      const res = await server.request({ method: 'GET', path: '/validate' });
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.equal('POST');
    });

    it('answers 404 as JSON for an unknown path', async () => {
      const res = await server.request({ method: 'POST', path: '/admit', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).to.equal(404);
      expect(res.json).to.deep.include({ kind: 'Status', code: 404, reason: 'NotFound' });
    });

    it('keeps serving after every one of them', async () => {
      const res = await server.review('/validate', reviewFor(requestFor(validListener())));
      expect(res.status).to.equal(200);
    });
  });

  context('when a rule throws', () => {
    let broken: TestServer;
    before(async () => {
      const webhooks = defaultWebhooks();
      broken = await startTestServer({
        webhooks: {
          mutate: webhooks.mutate,
          validate: () => {
            throw new TypeError('boom');
          },
        },
      });
    });
    after(async () => broken.close());

    it('answers a 500 AdmissionReview without a stack, and lives on', async () => {
      const res = await broken.review('/validate', reviewFor(requestFor(validListener())));
      expect(res.status).to.equal(500);
      expect((res.json as any).response).to.deep.equal({
        uid: requestFor(undefined).uid,
        allowed: false,
        status: { status: 'Failure', code: 500, reason: 'InternalError', message: 'internal error in the validate webhook: boom' },
      });
      expect((await broken.review('/mutate', reviewFor(requestFor(validListener())))).status).to.equal(200);
    });
  });

  context('health', () => {
    it('answers /livez and /readyz', async () => {
      expect((await server.request({ method: 'GET', path: '/livez' })).status).to.equal(200);
      expect((await server.request({ method: 'GET', path: '/readyz' })).body).to.equal('ok');
    });

    for (const [method, path] of [['POST', '/livez'], ['PUT', '/readyz'], ['DELETE', '/readyz?verbose']] as const) {
      it(`answers ${method} ${path} with a JSON 405 and Allow: GET, HEAD, not a 404`, async () => {
        const res = await server.request({ method, path });
        expect(res.status).to.equal(405);
        expect(res.headers['allow']).to.equal('GET, HEAD');
        expect(JSON.parse(res.body)).to.include({ kind: 'Status', code: 405, reason: 'MethodNotAllowed' });
      });
    }

    it('fails /readyz with the reason while a check fails', async () => {
      server.readiness.add('shutdown', () => 'shutting down');
      try {
        const res = await server.request({ method: 'GET', path: '/readyz?verbose' });
        expect(res.status).to.equal(503);
        expect(res.body).to.equal('[-]shutdown failed: shutting down\nreadyz check failed\n');
      } finally {
        server.readiness.add('shutdown', () => undefined);
      }
    });
  });

  context('TLS', () => {
    for (const version of ['TLSv1', 'TLSv1.1'] as const) {
      it(`refuses ${version}`, async () => {
        const error = await new Promise<Error | undefined>((resolve) => {
          const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca, minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
            socket.end();
            resolve(undefined);
          });
          socket.on('error', (e) => resolve(e));
        });
        expect(error, `${version} handshake must fail`).to.be.instanceOf(Error);
      });
    }

    it('serves TLS 1.2 to a client that trusts only the CA', async () => {
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: server.ca, maxVersion: 'TLSv1.2' }, () => {
          resolve(socket.getProtocol());
          socket.end();
        });
        socket.on('error', reject);
      });
      expect(protocol).to.equal('TLSv1.2');
    });
  });
});
