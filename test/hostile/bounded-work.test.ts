/**
 * The attacks of issue 15, against `serve` under the Deployment's heap cap:
 * bodies that once exhausted the heap (tens of thousands of bad settings
 * values, hundreds of thousands of unknown keys, megabytes of nested
 * arrays), answers that once ran to megabytes (every cause quoting its
 * value, a 5 MB name), and a name that once overflowed a regular
 * expression's stack. Each must be answered, with a bounded body, within
 * the webhooks' timeoutSeconds (past it the API server gives up: that is
 * the contract, not a speed target), while other reviews go on being
 * answered, and the replica must live on.
 */
import { expect } from 'chai';
import { MAX_JSON_VALUES, MAX_NESTING_DEPTH } from '../../src/admission/body-limits.js';
import { MAX_CAUSES, MAX_WARNINGS } from '../../src/admission/response.js';
import { MAX_SHOWN_CHARS } from '../../src/validation/shorten.js';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import { type CappedServer, expectStillServing, startCappedServe } from '../support/capped-serve.js';
import type { HttpResult } from '../support/test-server.js';
import { expectAnswered, type Json } from './bodies-support.js';

/** TIMEOUT_SECONDS is the webhook configurations' timeoutSeconds (manifests/base): the API server waits no longer. */
const TIMEOUT_SECONDS = 5;

/** MAX_ANSWER_BYTES bounds every answer here: MAX_CAUSES causes, each quoted twice, at a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** listenerWith is a Listener review whose object is changed by edit. */
function listenerWith(edit: (object: Json) => void, overrides: Json = {}): Json {
  const object = validListener();
  edit(object);
  return reviewFor(requestFor(object, overrides));
}

/** keyed is an object of count members, keys base-36 numbers, values made by value. */
function keyed(count: number, value: (i: number) => unknown): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [i.toString(36), value(i)]));
}

/** PLACEHOLDER marks where raw JSON text goes in a serialised review. */
const PLACEHOLDER = '"__raw_json_here__"';

/** ATTACKS are the bodies, by what they are; each is built when its test runs. */
const ATTACKS: Array<[string, () => string, (res: HttpResult) => void]> = [
  [
    '95,000 integer settings values (1 MB): once a heap exhaustion',
    () => JSON.stringify(listenerWith((o) => (o.spec.settings = keyed(95_000, (i) => i)))),
    (res) => expect(res.json).to.deep.include({ code: 413, reason: 'RequestEntityTooLarge', message: `request body holds more than ${MAX_JSON_VALUES} JSON values` }),
  ],
  [
    '45,000 integer settings values (0.5 MB): once 1.2 s and a 13.9 MB answer',
    () => JSON.stringify(listenerWith((o) => (o.spec.settings = keyed(45_000, (i) => i)))),
    (res) => {
      const status = expectAnswered(res).status;
      expect(status.code).to.equal(422);
      expect(status.details.causes).to.have.length(MAX_CAUSES);
      expect(status.details.causes.at(-1)).to.deep.equal({ message: `${45_000 - MAX_CAUSES + 1} more errors not shown` });
      expect(status.message).to.match(/, 44951 more errors not shown\]$/);
    },
  ],
  [
    'an UPDATE that changes 24,000 settings values to integers, ratcheting on',
    () => {
      const old = validListener();
      old.spec.settings = keyed(24_000, () => 'x');
      return JSON.stringify(listenerWith((o) => (o.spec.settings = keyed(24_000, (i) => i)), { operation: 'UPDATE', oldObject: old }));
    },
    (res) => expect(expectAnswered(res).status.details.causes.at(-1)).to.deep.equal({ message: `${24_000 - MAX_CAUSES + 1} more errors not shown` }),
  ],
  [
    '7 MB of about 700,000 unknown spec keys: once a heap exhaustion',
    // Written as text: an object of 700,000 keys takes seconds to build and serialise, the same members as text a tenth of that.
    () => {
      const members = Array.from({ length: 700_000 }, (_, i) => `"${i.toString(36)}":1`).join(',');
      return JSON.stringify(listenerWith((o) => (o.spec.x = '__raw_json_here__'))).replace(`"x":${PLACEHOLDER}`, members);
    },
    (res) => expect(res.json).to.deep.include({ code: 413, reason: 'RequestEntityTooLarge' }),
  ],
  [
    '40,000 unknown spec keys',
    () => JSON.stringify(listenerWith((o) => Object.assign(o.spec, keyed(40_000, () => 1)))),
    (res) => {
      const response = expectAnswered(res);
      expect(response.allowed).to.equal(true);
      expect(response.warnings).to.have.length(MAX_WARNINGS);
      expect(response.warnings.at(-1)).to.equal(`${40_000 - MAX_WARNINGS + 1} more warnings not shown`);
    },
  ],
  [
    '6.8 MB of nested arrays in spec.x: once a heap exhaustion',
    () => JSON.stringify(listenerWith((o) => (o.spec.x = '__raw_json_here__'))).replace(PLACEHOLDER, `${'['.repeat(3_400_000)}${']'.repeat(3_400_000)}`),
    (res) => expect(res.json).to.deep.include({ code: 400, message: `request body is nested too deeply: more than ${MAX_NESTING_DEPTH} levels` }),
  ],
  [
    '6.6 MB of 2,200,000 empty arrays in spec.x',
    () => JSON.stringify(listenerWith((o) => (o.spec.x = '__raw_json_here__'))).replace(PLACEHOLDER, `[${Array(2_200_000).fill('[]').join(',')}]`),
    (res) => expect(res.json).to.deep.include({ code: 413, reason: 'RequestEntityTooLarge' }),
  ],
  [
    'a 5 MB name of "a.a.a...": once a regular expression stack overflow and a 500',
    () => JSON.stringify(listenerWith((o) => (o.metadata.name = `${'a.'.repeat(2_500_000)}a`), { name: undefined })),
    (res) => {
      const status = expectAnswered(res).status;
      expect(status.code).to.equal(422);
      expect(status.details.name).to.equal(`${'a.'.repeat(MAX_SHOWN_CHARS / 2)}... (5000001 bytes)`);
      expect(status.details.causes.map((c: Json) => c.message)).to.deep.equal([`Invalid value: "${'a.'.repeat(MAX_SHOWN_CHARS / 2)}"... (5000001 bytes): must be no more than 253 characters`]);
    },
  ],
  [
    'a 5 MB name of letters and a bad character: once a 30 MB answer',
    () => JSON.stringify(listenerWith((o) => (o.metadata.name = `${'a'.repeat(5_000_000)}_`), { name: undefined })),
    (res) => expect(expectAnswered(res).status.details.causes).to.have.length(2),
  ],
  [
    'six megabyte settings keys, each a type error',
    () => JSON.stringify(listenerWith((o) => (o.spec.settings = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`${i}${'k'.repeat(1_000_000)}`, i]))))),
    (res) => expect(expectAnswered(res).status.details.causes.map((c: Json) => c.field.length)).to.deep.equal(Array(6).fill('spec.settings.'.length + MAX_SHOWN_CHARS + ' ... (1000001 bytes)'.length - 1)),
  ],
  [
    'a 5 MB uid, which every answer would echo',
    () => JSON.stringify(reviewFor(requestFor(validListener(), { uid: 'u'.repeat(5_000_000) }))),
    (res) => expect(res.json).to.deep.include({ kind: 'Status', code: 400 }),
  ],
  [
    'a 5 MB spec.type, which a warning would quote',
    () => JSON.stringify(listenerWith((o) => (o.spec.type = 'u'.repeat(5_000_000)))),
    (res) => expect(expectAnswered(res).warnings[0]).to.have.length.below(2 * MAX_SHOWN_CHARS),
  ],
];

describe('bounded work per review (the attacks of issue 15, under the heap cap)', () => {
  let server: CappedServer;
  before(async () => {
    server = await startCappedServe();
  });
  after(async () => server.close());

  for (const [name, body, check] of ATTACKS) {
    it(`answers ${name}, within the timeout and in a bounded body, while answering others`, async () => {
      const text = body();
      const started = Date.now();
      const attack = server.request({ path: '/validate', body: text, headers: { 'content-type': 'application/json' } }).then((res) => ({ res, ms: Date.now() - started }));
      // Another review sent meanwhile waits at most for this one: never for longer than the timeout.
      const other = server.review('/validate', reviewFor(requestFor(validListener(), { uid: 'meanwhile' }))).then((res) => ({ res, ms: Date.now() - started }));
      const [hostile, meanwhile] = await Promise.all([attack, other]);
      expect(hostile.res.status, hostile.res.body.slice(0, 300)).to.be.below(500);
      check(hostile.res);
      expect(Buffer.byteLength(hostile.res.body), 'answer size').to.be.below(MAX_ANSWER_BYTES);
      expect(hostile.ms, 'answered within timeoutSeconds').to.be.below(TIMEOUT_SECONDS * 1000);
      expect(meanwhile.res.status).to.equal(200);
      expect(meanwhile.ms, 'the other review too').to.be.below(TIMEOUT_SECONDS * 1000);
    });
  }

  context('afterwards', () => {
    it('is still serving and ready, having counted every request', async () => {
      await expectStillServing(server);
    });
  });
});
