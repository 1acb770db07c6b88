/**
 * Malformed bodies against `serve` under the Deployment's heap cap: empty
 * and truncated JSON, bytes that are not UTF-8, content types, and the body
 * limit to the byte. Every answer must be a 4xx or a well-formed
 * AdmissionReview, never a 5xx, never a crash; /metrics must count every
 * request. Well-formed reviews that carry hostile values are in
 * hostile-values.
 */
import { expect } from 'chai';
import https from 'node:https';
import { MAX_BODY_BYTES } from '../../src/server/admission-endpoint.js';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import { type CappedServer, expectStillServing, startCappedServe } from '../support/capped-serve.js';
import { expectAnswered, post } from './bodies-support.js';

describe('hostile bodies', () => {
  let server: CappedServer;
  before(async () => {
    server = await startCappedServe();
  });
  after(async () => server.close());

  context('when the body is not JSON', () => {
    it('answers an empty body with 400', async () => {
      const res = await post(server, '/validate', '');
      expect(res.status).to.equal(400);
      expect(res.json).to.deep.include({ kind: 'Status', code: 400, reason: 'BadRequest' });
    });

    it('answers every truncation of a valid review with 400', async () => {
      const text = JSON.stringify(reviewFor(requestFor(validListener())));
      for (let end = 0; end < text.length; end += 37) {
        const res = await post(server, '/mutate', text.slice(0, end));
        expect(res.status, `cut at ${end}`).to.equal(400);
      }
    });

    it('answers bytes that are not UTF-8 outside any string with 400', async () => {
      const text = Buffer.from(JSON.stringify(reviewFor(requestFor(validListener()))));
      const res = await post(server, '/validate', Buffer.concat([Buffer.from([0xff, 0xfe]), text]));
      expect(res.status).to.equal(400);
    });

    it('answers a UTF-16 review with 400', async () => {
      const res = await post(server, '/validate', Buffer.from(`\ufeff${JSON.stringify(reviewFor(requestFor(validListener())))}`, 'utf16le'));
      expect(res.status).to.equal(400);
    });
  });

  context('when the content type is wrong or missing', () => {
    const body = () => JSON.stringify(reviewFor(requestFor(validListener())));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'application/jsonx', 'application/json, text/plain', 'json', 'application/json; charset=latin1', 'application/json;charset="UTF-16"']) {
      it(`answers ${type} with 415`, async () => {
        expect((await post(server, '/validate', body(), type)).status).to.equal(415);
      });
    }

    it('answers a missing content type with 415', async () => {
      expect((await server.request({ path: '/mutate', body: body() })).status).to.equal(415);
    });

    for (const type of ['Application/JSON; charset=UTF-8', 'application/json; charset="utf-8"', 'application/json;charset=utf8', ' application/json ', 'application/json; profile=x']) {
      it(`accepts ${JSON.stringify(type)}`, async () => {
        expect((await post(server, '/validate', body(), type)).status).to.equal(200);
      });
    }
  });

  context('when the body is at the limit', () => {
    /** reviewOfSize pads a valid review's annotation so that it is exactly bytes long. */
    const reviewOfSize = (bytes: number) => {
      const object = validListener();
      object.metadata.annotations = { pad: '' };
      const empty = JSON.stringify(reviewFor(requestFor(object)));
      object.metadata.annotations.pad = 'p'.repeat(bytes - Buffer.byteLength(empty));
      const text = JSON.stringify(reviewFor(requestFor(object)));
      expect(Buffer.byteLength(text)).to.equal(bytes);
      return text;
    };

    it('reviews a body of exactly the limit', async () => {
      const response = expectAnswered(await post(server, '/validate', reviewOfSize(MAX_BODY_BYTES)));
      expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('refuses a body one byte over the limit with 413', async () => {
      const res = await post(server, '/validate', reviewOfSize(MAX_BODY_BYTES + 1));
      expect(res.status).to.equal(413);
      expect(res.json).to.deep.include({ kind: 'Status', reason: 'RequestEntityTooLarge' });
    });

    it('refuses a chunked body that grows past the limit with 413, without reading it all', async () => {
      const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
        const agent = new https.Agent({ ca: server.ca, keepAlive: false });
        let sent = 0;
        const req = https.request(
          { host: '127.0.0.1', servername: 'localhost', port: server.port, method: 'POST', path: '/validate', agent, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, sent });
            req.destroy();
            agent.destroy();
          },
        );
        // Once the server has answered and closed, further writes fail: that is the point.
        req.on('error', (e) => (sent > MAX_BODY_BYTES ? undefined : reject(e)));
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (sent < 4 * MAX_BODY_BYTES && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
        };
        pump();
      });
      expect(status).to.equal(413);
      expect(sent).to.be.above(MAX_BODY_BYTES);
    });
  });

  // A context of its own, so that mocha runs it after every other (a suite's own tests come before its contexts).
  context('afterwards', () => {
    it('is still serving and ready afterwards, having counted every request', async () => {
      // The chunked body above went on a client of its own.
      await expectStillServing(server, 1);
    });
  });
});
