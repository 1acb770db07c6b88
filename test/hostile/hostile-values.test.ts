/**
 * Hostile values in reviews against `serve` under the Deployment's heap cap:
 * nesting 200,000 deep (refused before parsing) and just within the limit,
 * megabyte strings in every field, odd numbers for the port, prototype
 * keys, bytes that are not UTF-8 inside strings, guarded writes without an
 * object, and settings keys a dotted field path cannot spell. Every answer
 * must be a 4xx or a well-formed AdmissionReview, never a 5xx, never a
 * crash, and never an admission of a broken object; /metrics must count
 * every request. Prototype keys also go through the decision in this
 * process, where Object.prototype can be looked at. Bodies that are not
 * JSON, or are too big, are in malformed-bodies; the costliest well-formed
 * ones in bounded-work.
 */
import { expect } from 'chai';
import { MAX_NESTING_DEPTH } from '../../src/admission/body-limits.js';
import { decodeReview } from '../../src/admission/decode.js';
import { requestFor, reviewFor, validBinding, validListener } from '../fixtures/reviews.js';
import { type CappedServer, expectStillServing, startCappedServe } from '../support/capped-serve.js';
import { expectAnswered, type Json, post } from './bodies-support.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

/** DEPTH is far past any recursive parser's stack, and past the body's nesting limit. */
const DEPTH = 200_000;

/** WITHIN is nesting just inside the body's limit once the review's own levels (at most 5 around any field) are added. */
const WITHIN = MAX_NESTING_DEPTH - 6;

/** HUGE is a megabyte of text, far past every length limit. */
const HUGE = 'x'.repeat(1 << 20);

const deepArray = (depth = DEPTH) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth = DEPTH) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** PLACEHOLDER marks where raw JSON text goes in a serialised review. */
const PLACEHOLDER = '"__raw_json_here__"';

/** withRaw serialises review with the value at path replaced by raw JSON text (for what JSON.stringify cannot write). */
function withRaw(review: Json, path: string[], raw: string): string {
  const copy = structuredClone(review);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] ??= {};
  // defineProperty, so that a "__proto__" key becomes an own key as JSON.parse makes it.
  Object.defineProperty(parent, path[path.length - 1]!, { value: PLACEHOLDER.slice(1, -1), enumerable: true, writable: true, configurable: true });
  const text = JSON.stringify(copy);
  const at = text.indexOf(PLACEHOLDER);
  expect(at, 'the placeholder is in the text').to.be.at.least(0);
  return text.slice(0, at) + raw + text.slice(at + PLACEHOLDER.length);
}

/** stringPaths lists the paths of every string in value. */
function stringPaths(value: Json, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => stringPaths(value[key], [...prefix, key]));
}

describe('hostile bodies', () => {
  let server: CappedServer;
  let prototypeKeys: string[];
  before(async () => {
    server = await startCappedServe();
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
  });
  after(async () => server.close());

  context('when the body nests 200,000 deep', () => {
    it('answers a deep array as the whole body with 400', async () => {
      expect((await post(server, '/validate', deepArray())).status).to.equal(400);
    });

    it('answers a deep value in a field with 400 before parsing it, saying why', async () => {
      const review = reviewFor(requestFor(validListener()));
      for (const deep of [deepArray(), deepObject()]) {
        const res = await post(server, '/validate', withRaw(review, ['request', 'object', 'spec', 'port'], deep));
        expect(res.status).to.equal(400);
        expect((res.json as Json).message).to.equal(`request body is nested too deeply: more than ${MAX_NESTING_DEPTH} levels`);
      }
    });
  });

  context(`when a value nests just within the limit (${WITHIN} deep)`, () => {
    const places: Array<[string, string[], boolean]> = [
      ['request.object', ['request', 'object'], false],
      ['request.oldObject', ['request', 'oldObject'], true],
      ['request.userInfo', ['request', 'userInfo'], true],
      ['request.kind', ['request', 'kind'], false],
      ['spec.port', ['request', 'object', 'spec', 'port'], false],
      ['spec.host', ['request', 'object', 'spec', 'host'], false],
      ['spec.type', ['request', 'object', 'spec', 'type'], false],
      ['spec.observer', ['request', 'object', 'spec', 'observer'], false],
      ['spec.settings.key', ['request', 'object', 'spec', 'settings', 'key'], false],
      ['metadata.labels (open)', ['request', 'object', 'metadata', 'labels'], true],
      ['metadata.name', ['request', 'object', 'metadata', 'name'], false],
      ['an unknown top-level field', ['request', 'object', 'extra'], true],
      ['an unknown spec field', ['request', 'object', 'spec', 'extra'], true],
      ['status', ['request', 'object', 'status'], false],
    ];
    for (const [name, path, admissible] of places) {
      for (const [shape, deep] of [['array', deepArray], ['object', deepObject]] as const) {
        // An object may stand in the open and unknown places; an array breaks status's type too.
        const mayAdmit = admissible || (shape === 'object' && name === 'status');
        it(`${mayAdmit ? 'answers' : 'denies'} a deep ${shape} in ${name}`, async () => {
          const review = reviewFor(requestFor(validListener()));
          const res = await post(server, '/validate', withRaw(review, path, deep(WITHIN)));
          const response = expectAnswered(res);
          if (!mayAdmit && response) expect(response.allowed, JSON.stringify(response.status)).to.equal(false);
          if (mayAdmit) expect(response, `reviewed, not refused: ${res.body.slice(0, 200)}`).to.be.an('object');
        });
      }
    }
  });

  context(`when an UPDATE holds values ${WITHIN} deep where the rules find errors`, () => {
    // Ratcheting compares each erring field's new value with its old one; that comparison must not recurse.
    const deepUpdate = (path: string[], value: string, oldValue: string): string => {
      const review = reviewFor(requestFor(validListener(), { operation: 'UPDATE', oldObject: validListener() }));
      const marks = { object: '__new_value_here__', oldObject: '__old_value_here__' };
      for (const [side, mark] of Object.entries(marks)) {
        let parent = review['request'][side];
        for (const key of path.slice(0, -1)) parent = parent[key] ??= {};
        parent[path[path.length - 1]!] = mark;
      }
      return JSON.stringify(review).replace(`"${marks.object}"`, value).replace(`"${marks.oldObject}"`, oldValue);
    };
    const deepOf = (leaf: string) => `${'['.repeat(WITHIN)}${leaf}${']'.repeat(WITHIN)}`;

    for (const path of [['spec', 'port'], ['spec', 'settings', 'key']]) {
      it(`denies a changed deep value in ${path.join('.')}`, async () => {
        const response = expectAnswered(await post(server, '/validate', deepUpdate(path, deepOf('1'), deepOf('2'))));
        expect(response?.allowed, JSON.stringify(response?.status)).to.equal(false);
        expect(response?.status?.message).to.contain(path.join('.'));
      });

      it(`admits the same deep value left unchanged in ${path.join('.')}, as ratcheting does`, async () => {
        const response = expectAnswered(await post(server, '/validate', deepUpdate(path, deepOf('1'), deepOf('1'))));
        expect(response, JSON.stringify(response?.status)).to.deep.include({ allowed: true });
      });
    }
  });

  context('when every field holds a megabyte string', () => {
    for (const [kind, valid, checked] of [
      ['Listener', validListener, ['host', 'tlsCredentials', 'observer', 'port']],
      ['AttachedConnectorBinding', validBinding, ['name', 'connectorNamespace']],
    ] as const) {
      const review = reviewFor(requestFor(valid(), { object: { ...valid(), spec: { ...valid().spec, tlsCredentials: 'tls', observer: 'auto' } } }));
      for (const path of stringPaths(review)) {
        const field = path.join('.');
        const mustDeny = path[1] === 'object' && (checked as readonly string[]).includes(path[path.length - 1]!);
        for (const endpoint of ['/validate', '/mutate']) {
          it(`${mustDeny && endpoint === '/validate' ? 'denies' : 'answers'} ${kind} ${endpoint} with ${field}`, async () => {
            const copy = structuredClone(review);
            let parent = copy;
            for (const key of path.slice(0, -1)) parent = parent[key];
            parent[path[path.length - 1]!] = HUGE;
            const response = expectAnswered(await post(server, endpoint, JSON.stringify(copy)));
            if (mustDeny && endpoint === '/validate') expect(response?.allowed).to.equal(false);
          });
        }
      }
    }
  });

  context('when the port is an odd number', () => {
    const ports: Array<[string, boolean]> = [
      ['1e100', false],
      ['-1e100', false],
      ['1e400', false],
      ['-1e400', false],
      ['1e-400', false],
      ['-0', false],
      ['0', false],
      ['-1', false],
      ['65536', false],
      ['4294967297', false],
      ['8080.5', false],
      ['"8080"', false],
      ['true', false],
      ['null', false],
      ['1E2', true],
      ['8.08e3', true],
      ['65535', true],
    ];
    for (const [raw, valid] of ports) {
      it(`${valid ? 'admits' : 'denies'} port ${raw}`, async () => {
        const review = reviewFor(requestFor(validListener()));
        const response = expectAnswered(await post(server, '/validate', withRaw(review, ['request', 'object', 'spec', 'port'], raw)));
        expect(response?.allowed, JSON.stringify(response?.status)).to.equal(valid);
      });
    }
  });

  context('when keys are __proto__ or constructor', () => {
    const pollution = ['{"polluted":"yes","allowed":true}', '{"prototype":{"polluted":"yes"}}'];
    const places = [[], ['request'], ['request', 'kind'], ['request', 'userInfo'], ['request', 'object'], ['request', 'object', 'metadata'], ['request', 'object', 'spec'], ['request', 'object', 'spec', 'settings']];
    for (const place of places) {
      for (const key of ['__proto__', 'constructor']) {
        it(`answers a ${key} key in ${place.join('.') || 'the review'} without touching Object.prototype`, async () => {
          const review = reviewFor(requestFor(validListener()));
          const webhooks = defaultWebhooks();
          for (const raw of pollution) {
            const body = withRaw(review, [...place, key], raw);
            const response = expectAnswered(await post(server, '/validate', body));
            // In settings, a value that is not a string breaks the rule whatever its key.
            if (place[place.length - 1] === 'settings') expect(response?.allowed).to.equal(false);
            // The same body through the same decision here, where Object.prototype can be looked at.
            try {
              webhooks.validate(decodeReview(body).request);
              webhooks.mutate(decodeReview(body).request);
            } catch {
              // A body refused while decoding (a 400 above) reaches no decision.
            }
          }
          expect(({} as Json).polluted).to.equal(undefined);
          expect(Object.getOwnPropertyNames(Object.prototype)).to.deep.equal(prototypeKeys);
        });
      }
    }

    for (const kind of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      it(`admits a kind named ${kind} as a kind it does not guard`, async () => {
        const review = reviewFor(requestFor(validListener(), { kind: { group: 'skupper.io', version: 'v2alpha1', kind } }));
        const response = expectAnswered(await post(server, '/validate', JSON.stringify(review)));
        expect(response).to.deep.equal({ uid: review.request.uid, allowed: true });
      });
    }

    it('refuses an operation named __proto__', async () => {
      const review = reviewFor(requestFor(validListener(), { operation: '__proto__' }));
      expect(expectAnswered(await post(server, '/validate', JSON.stringify(review)))?.allowed).to.equal(false);
    });
  });

  context('when strings carry bytes that are not UTF-8', () => {
    const withBytes = (field: 'routingKey' | 'host') => {
      const text = JSON.stringify(reviewFor(requestFor(validListener())));
      const at = text.indexOf(`"${field}":"`) + field.length + 4;
      return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xc0, 0xaf, 0xff]), Buffer.from(text.slice(at))]);
    };

    it('admits them in routingKey, which may be any string', async () => {
      expect(expectAnswered(await post(server, '/validate', withBytes('routingKey')))?.allowed).to.equal(true);
    });

    it('denies them in host, which must be a DNS-1035 label', async () => {
      expect(expectAnswered(await post(server, '/validate', withBytes('host')))?.allowed).to.equal(false);
    });
  });

  context('when a guarded write arrives without an object', () => {
    for (const [kind, valid] of [
      ['Listener', validListener],
      ['AttachedConnectorBinding', validBinding],
    ] as const) {
      for (const endpoint of ['/validate', '/mutate']) {
        it(`refuses a CREATE or UPDATE of ${kind} on ${endpoint} without an object`, async () => {
          for (const operation of ['CREATE', 'UPDATE']) {
            for (const [what, object] of [['no object', undefined], ['a null object', null], ['an array', []], ['a string', 'spec'], ['a number', 0]] as const) {
              const review = reviewFor({ ...requestFor(valid(), { operation }), object: object as Json });
              const response = expectAnswered(await post(server, endpoint, JSON.stringify(review)));
              expect(response?.allowed, `${operation} with ${what}: never waved through`).to.equal(false);
            }
          }
        });
      }
    }
  });

  context('when an UPDATE breaks a rule in a settings key that is not a plain word', () => {
    // Ratcheting forgives errors in fields the update did not change; it must
    // still find the field when its key holds a dot, a digit-only name, a
    // bracket, a slash or a tilde, which a dotted field path cannot spell.
    const KEYS = ['skupper.io/timeout', '0', 'a[0]', 'a/b', 'a~1b', ''];
    for (const [kind, valid] of [
      ['Listener', validListener],
      ['AttachedConnectorBinding', validBinding],
    ] as const) {
      it(`denies it for a ${kind}, as on CREATE`, async () => {
        for (const key of KEYS) {
          const object = valid();
          object.spec.settings = { [key]: 5 };
          for (const operation of ['CREATE', 'UPDATE']) {
            const review = reviewFor(requestFor(valid(), { object, operation, oldObject: valid() }));
            const response = expectAnswered(await post(server, '/validate', JSON.stringify(review)));
            expect(response?.allowed, `${operation} with key ${JSON.stringify(key)}: ${JSON.stringify(response)}`).to.equal(false);
          }
        }
      });
    }
  });

  // A context of its own, so that mocha runs it after every other (a suite's own tests come before its contexts).
  context('afterwards', () => {
    it('is still serving and ready afterwards, having counted every request', async () => {
      await expectStillServing(server);
    });
  });
});
