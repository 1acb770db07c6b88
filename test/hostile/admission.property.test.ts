/**
 * Property tests against `serve` under the Deployment's heap cap: arbitrary
 * JSON in place of any field of an AdmissionReview or of the object it
 * carries never gets a 5xx or a crash, always gets a 4xx or a well-formed
 * AdmissionReview, and never gets `allowed: true` for an object that breaks
 * a rule (as ./rules-oracle.ts states the rules); and mutation is
 * idempotent. Every review also goes through the same decision in this
 * process, where Object.prototype can be checked afterwards.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import jsonPatch from 'fast-json-patch';
import { decodeReview } from '../../src/admission/decode.js';
import { decodePatch } from '../../src/admission/offline-review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import { validAttachedConnector } from '../fixtures/cases/attached-connector.js';
import { validConnector } from '../fixtures/cases/connector.js';
import { validMultiKeyListener } from '../fixtures/cases/multi-key-listener.js';
import { requestFor, reviewFor, validBinding, validListener } from '../fixtures/reviews.js';
import { type CappedServer, expectStillServing, startCappedServe } from '../support/capped-serve.js';
import { defaultWebhooks } from '../support/default-webhooks.js';
import type { HttpResult } from '../support/test-server.js';
import { brokenRules, type GuardedKind, isGuardedKind } from './rules-oracle.js';

/**
 * NUM_RUNS per property: each run is one to three HTTPS round trips on a
 * kept-alive connection, about a millisecond each, so the file stays within
 * a few seconds.
 */
const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 250);

type Json = any;

/** INTERESTING are values at the rules' edges, mixed into the arbitrary JSON. */
const INTERESTING: Json[] = [
  null, true, false, 0, 1, -1, 65535, 65536, 8080, 1.5, 1e100, -1e100, Number.MAX_SAFE_INTEGER, '', 'tcp', 'udp', 'auto', 'http3',
  'backend', 'Backend', '1backend', 'back.end', 'back.end-', 'back_end', 'east', 'west', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(254), 'tls.example.com',
  '__proto__', 'constructor', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'skupper.io', 'Listener', 'AttachedConnectorBinding', [], {}, [[]], { type: 'tcp' },
  { '__proto__': { polluted: true } },
  // Selectors, hosts and strategies at the edges of the newer kinds' rules.
  'app=backend', 'app in (a,,)', 'x>1', 'x>-1', '!x', 'a/b/c', 'app=', 'app in (backend', '::1', 'fe80::1%eth0', 'backend:8080', '10.0.0.1', 'n'.repeat(50), 'n'.repeat(51),
  ['a', 'b'], ['a', 'a'], [''], { a: 1 }, { a: -1 }, { '': 1 }, { priority: { routingKeys: ['a'] } }, { weighted: { routingKeys: { a: 1 } } },
  { priority: { routingKeys: ['a'] }, weighted: { routingKeys: { a: 1 } } },
];

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INTERESTING) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'z', '0', '-', '.', 'A', '_'), maxLength: 70 }) },
);

/** paths lists every path in value (objects and arrays alike), the root excluded. */
function paths(value: Json, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [[...prefix, key], ...paths(value[key], [...prefix, key])]);
}

/** Edit replaces the value at path (or adds the key), or deletes it when value is DELETE. */
const DELETE = Symbol('delete');
interface Edit {
  path: string[];
  value: Json | typeof DELETE;
}

function applyEdits(target: Json, edits: Edit[]): Json {
  const root = structuredClone(target);
  for (const { path, value } of edits) {
    let parent = root;
    for (const key of path.slice(0, -1)) {
      if (typeof parent?.[key] !== 'object' || parent[key] === null) parent = undefined;
      else parent = parent[key];
    }
    if (typeof parent !== 'object' || parent === null) continue;
    const last = path[path.length - 1]!;
    // defineProperty, not assignment, so that a "__proto__" key is an own key as JSON.parse makes it.
    if (value === DELETE) delete parent[last];
    // The value is cloned so that no two edits (or runs) share one of the INTERESTING objects.
    else Object.defineProperty(parent, last, { value: structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** edits generates one to three edits of target: existing paths replaced or deleted, and new keys added. */
function edits(target: Json, extraPaths: string[][]): fc.Arbitrary<Edit[]> {
  const all = [...paths(target), ...extraPaths];
  const edit = fc.record({
    path: fc.constantFrom(...all),
    value: fc.oneof({ weight: 6, arbitrary: anyJson }, { weight: 1, arbitrary: fc.constant(DELETE) }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Edit[]>;
}

const EXTRA_OBJECT_PATHS = [
  ['extra'], ['spec', 'extra'], ['spec', 'type'], ['spec', 'tlsCredentials'], ['spec', 'observer'], ['spec', 'settings'], ['spec', 'exposePodsByName'], ['metadata', 'generateName'], ['status'],
  ['spec', '__proto__'], ['spec', 'constructor'], ['spec', 'host'], ['spec', 'selector'], ['spec', 'strategy', 'weighted'], ['spec', 'strategy', 'priority'], ['spec', 'requireClientCert'],
];

/** VALID is each guarded kind's valid example, in a namespace of its own and with a peer namespace that is another. */
const VALID: Record<GuardedKind, () => Json> = {
  AttachedConnector: validAttachedConnector,
  AttachedConnectorBinding: validBinding,
  Connector: validConnector,
  Listener: validListener,
  MultiKeyListener: validMultiKeyListener,
};

/** DEFAULTED are the kinds whose spec.type /mutate defaults to tcp. */
const DEFAULTED = ['Listener', 'Connector', 'AttachedConnector'] as const;
const EXTRA_REVIEW_PATHS = [['request', 'dryRun'], ['request', 'oldObject'], ['request', 'kind', 'version'], ['request', '__proto__'], ['extra']];

/**
 * consistentNamespace keeps the request as the API server would send it: the
 * request's namespace is the object's, and an UPDATE's oldObject is a valid
 * object in that same namespace (a namespace never changes), so that
 * ratcheting, which forgives what the old object already broke, has nothing
 * to forgive and every broken rule must deny.
 */
function consistentNamespace(kind: GuardedKind, object: Json, operation: string): { namespace: string; oldObject?: Json } {
  const own = object?.metadata?.namespace;
  const namespace = typeof own === 'string' && own !== '' ? own : VALID[kind]().metadata.namespace;
  if (operation !== 'UPDATE') return { namespace };
  const oldObject = VALID[kind]();
  oldObject.metadata.namespace = namespace;
  for (const peer of ['connectorNamespace', 'siteNamespace']) if (oldObject.spec[peer] === namespace) oldObject.spec[peer] = 'south';
  return { namespace, oldObject };
}

/** expectWellFormed checks the contract every answer keeps, and returns the AdmissionReview's response when there is one. */
function expectWellFormed(res: HttpResult, sent: Json): Json | undefined {
  expect(res.status, `never a 5xx: ${res.body.slice(0, 300)}`).to.be.below(500);
  expect(res.headers['content-type']).to.equal('application/json');
  const body = res.json as Json;
  expect(body, `a JSON body: ${res.body.slice(0, 300)}`).to.be.an('object');
  if (res.status === 200) {
    expect(body.kind).to.equal('AdmissionReview');
    expect(body.apiVersion).to.equal(sent.apiVersion);
    expect(body.response.uid).to.equal(sent.request.uid);
    expect(body.response.allowed).to.be.a('boolean');
    if (!body.response.allowed) expect(body.response.status.code).to.be.a('number');
    return body.response;
  }
  expect(res.status).to.be.within(400, 499);
  if (body.kind === 'Status') {
    expect(body).to.include({ apiVersion: 'v1', status: 'Failure', code: res.status });
  } else {
    expect(body.kind).to.equal('AdmissionReview');
    expect(body.response).to.include({ allowed: false });
    expect(body.response.status.code).to.equal(res.status);
  }
  return undefined;
}

describe('admission (property-based, over HTTPS)', () => {
  let capped: CappedServer;
  let cappedRelaxed: CappedServer;
  let prototypeKeys: string[];
  /** through sends each review to a child, and decides it here too with the same options, for the prototype check. */
  const through = (child: () => CappedServer, webhooks = defaultWebhooks()) => ({
    review: (path: '/validate' | '/mutate', review: unknown): Promise<HttpResult> => {
      try {
        webhooks[path === '/validate' ? 'validate' : 'mutate'](decodeReview(JSON.stringify(review)).request);
      } catch {
        // Refused while decoding (a 400 from the child), or a decision that throws (a 500 the property catches).
      }
      return child().review(path, review);
    },
  });
  const server = through(() => capped);
  const relaxedServer = through(() => cappedRelaxed, createWebhooks({ serviceNameValidation: 'relaxed' }));
  before(async () => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    capped = await startCappedServe();
    cappedRelaxed = await startCappedServe(['--service-name-validation', 'relaxed']);
  });
  after(async () => {
    await capped.close();
    await cappedRelaxed.close();
    expect(Object.getOwnPropertyNames(Object.prototype), 'Object.prototype untouched').to.deep.equal(prototypeKeys);
  });

  // Listener and MultiKeyListener hosts are Service names, whose rule is an option: each runs under both.
  const runs: Array<[GuardedKind, 'strict' | 'relaxed']> = [
    ['AttachedConnector', 'strict'],
    ['AttachedConnectorBinding', 'strict'],
    ['Connector', 'strict'],
    ['Listener', 'strict'],
    ['Listener', 'relaxed'],
    ['MultiKeyListener', 'strict'],
    ['MultiKeyListener', 'relaxed'],
  ];
  for (const [kind, serviceNameValidation] of runs) {
    const under = serviceNameValidation === 'strict' ? '' : ' (--service-name-validation=relaxed)';
    context(`when any field of a ${kind} holds arbitrary JSON${under}`, () => {
      for (const operation of ['CREATE', 'UPDATE']) {
        it(`admits it on ${operation} exactly when it follows every rule`, async () => {
          const target = serviceNameValidation === 'strict' ? server : relaxedServer;
          await fc.assert(
            fc.asyncProperty(edits(VALID[kind](), EXTRA_OBJECT_PATHS), async (changes) => {
              const object = applyEdits(VALID[kind](), changes);
              const request = requestFor(VALID[kind](), { object, operation, ...consistentNamespace(kind, object, operation) });
              const review = reviewFor(request);
              const response = expectWellFormed(await target.review('/validate', review), review);
              expect(response, 'a well-formed object envelope is always reviewed').to.be.an('object');
              const broken = brokenRules(kind, object, { namespace: request.namespace, oldObject: request.oldObject, serviceNameValidation });
              expect(response.allowed, `broken rules: ${broken.join(', ') || 'none'}; answer: ${JSON.stringify(response.status ?? {})}`).to.equal(broken.length === 0);
            }),
            { numRuns: NUM_RUNS },
          );
        });
      }
    });
  }

  context('when any field of the AdmissionReview holds arbitrary JSON', () => {
    for (const path of ['/validate', '/mutate'] as const) {
      it(`answers ${path} with a 4xx or a well-formed review, and never admits a broken object`, async () => {
        const base = () => reviewFor(requestFor(validBinding()));
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...(Object.keys(VALID) as GuardedKind[])), fc.boolean(), edits(base(), EXTRA_REVIEW_PATHS), async (kind, brokenObject, changes) => {
            const start = reviewFor(requestFor(VALID[kind]()));
            // Half the time the object itself breaks a rule, so that a confused envelope cannot wave it through.
            if (brokenObject) start.request.object.spec = { routingKey: '' };
            const review = applyEdits(start, changes);
            const response = expectWellFormed(await server.review(path, review), review);
            const request = review.request;
            if (path === '/validate' && response?.allowed && isGuardedKind(request.kind) && ['CREATE', 'UPDATE'].includes(request.operation)) {
              const context = { namespace: request.namespace, oldObject: request.operation === 'UPDATE' ? request.oldObject : undefined };
              expect(brokenRules(request.kind.kind, request.object, context), 'admitted, so it must follow every rule').to.deep.equal([]);
            }
            if (path === '/mutate' && response?.allowed && isGuardedKind(request.kind) && ['CREATE', 'UPDATE'].includes(request.operation)) {
              expect(request.object, 'a guarded write is only admitted with its object').to.be.an('object');
            }
          }),
          { numRuns: NUM_RUNS },
        );
      });
    }
  });

  for (const kind of DEFAULTED) {
    context(`when a ${kind} is mutated`, () => {
      const typeValue = fc.oneof(fc.constant(DELETE), fc.constantFrom(null, '', 'tcp', 'udp'), anyJson);
      const objects = fc.oneof(
        { weight: 4, arbitrary: fc.tuple(typeValue, edits(VALID[kind](), EXTRA_OBJECT_PATHS)).map(([type, changes]) => applyEdits(VALID[kind](), [...changes, { path: ['spec', 'type'], value: type }])) },
        { weight: 1, arbitrary: anyJson.map((spec) => applyEdits(VALID[kind](), [{ path: ['spec'], value: spec }])) },
        { weight: 1, arbitrary: fc.constant(applyEdits(VALID[kind](), [{ path: ['spec'], value: DELETE }])) },
      );

      it('returns a patch that applies, after which mutating again yields no patch', async () => {
        await fc.assert(
          fc.asyncProperty(objects, async (object) => {
            const review = reviewFor(requestFor(VALID[kind](), { object }));
            const first = expectWellFormed(await server.review('/mutate', review), review);
            expect(first.allowed).to.equal(true);
            if (!first.patch) return;
            expect(first.patchType).to.equal('JSONPatch');
            const patched = jsonPatch.applyPatch(structuredClone(object), decodePatch(first) as jsonPatch.Operation[], true, false).newDocument;
            expect(patched.spec.type, 'the patch fills in the default').to.equal('tcp');
            const again = reviewFor(requestFor(VALID[kind](), { object: patched }));
            const second = expectWellFormed(await server.review('/mutate', again), again);
            expect(second, 'mutating the patched object changes nothing').to.deep.equal({ uid: again.request.uid, allowed: true });
          }),
          { numRuns: NUM_RUNS },
        );
      });
    });
  }

  // A context of its own, so that mocha runs it after every other (a suite's own tests come before its contexts).
  context('afterwards', () => {
    it('leaves the servers serving and ready, having counted every request', async () => {
      await expectStillServing(capped);
      await expectStillServing(cappedRelaxed);
    });
  });
});
