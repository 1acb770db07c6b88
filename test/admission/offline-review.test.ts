import { expect } from 'chai';
import { decodePatch, reviewOffline } from '../../src/admission/offline-review.js';
import { patched } from '../../src/admission/response.js';
import { requestFor, validBinding, validListener } from '../fixtures/reviews.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const UID = requestFor(undefined).uid;
const webhooks = defaultWebhooks();

describe('decodePatch', () => {
  const cases: [string, Parameters<typeof decodePatch>[0], unknown][] = [
    ['an answer without a patch is no operation', { uid: UID, allowed: true }, []],
    ['an empty patch string is no operation', { uid: UID, allowed: true, patch: '' }, []],
    [
      'a base64 JSON Patch is its operations',
      patched(UID, [{ op: 'add', path: '/spec/type', value: 'tcp' }, { op: 'replace', path: '/spec/port', value: 9090 }]),
      [{ op: 'add', path: '/spec/type', value: 'tcp' }, { op: 'replace', path: '/spec/port', value: 9090 }],
    ],
  ];
  for (const [name, response, expected] of cases) {
    it(name, () => {
      expect(decodePatch(response)).to.deep.equal(expected);
    });
  }

  context('when the patch is not JSON', () => {
    it('throws', () => {
      expect(() => decodePatch({ uid: UID, allowed: true, patch: Buffer.from('not json').toString('base64') })).to.throw(SyntaxError);
    });
  });
});

describe('reviewOffline', () => {
  context('when /mutate patches the object', () => {
    it('validates the patched object and returns it, leaving the request\'s alone', () => {
      const request = requestFor(validListener());
      const verdict = reviewOffline(webhooks, request);
      const expected = validListener();
      expected['spec'].type = 'tcp';
      expect({ ...verdict, mutation: { ...verdict.mutation, patch: decodePatch(verdict.mutation) } }).to.deep.equal({
        object: expected,
        mutation: { uid: UID, allowed: true, patchType: 'JSONPatch', patch: [{ op: 'add', path: '/spec/type', value: 'tcp' }] },
        validation: { uid: UID, allowed: true },
        patch: [{ op: 'add', path: '/spec/type', value: 'tcp' }],
      });
      expect(request.object).to.deep.equal(validListener());
    });

    it('judges the object the API server would store, not the one sent', () => {
      // A Listener without a spec gets one from /mutate, so the API server would find the spec's fields missing, not the spec.
      const object = validListener();
      delete object['spec'];
      const verdict = reviewOffline(webhooks, requestFor(object));
      expect([verdict.patch, verdict.validation.status?.details?.causes?.map((c) => c.field)]).to.deep.equal([
        [{ op: 'add', path: '/spec', value: { type: 'tcp' } }],
        ['spec.routingKey', 'spec.port', 'spec.host'],
      ]);
    });
  });

  context('when /mutate has nothing to change', () => {
    it('validates the request\'s own object, with no patch', () => {
      const request = requestFor(validBinding());
      const verdict = reviewOffline(webhooks, request);
      expect(verdict).to.deep.equal({ object: validBinding(), mutation: { uid: UID, allowed: true }, validation: { uid: UID, allowed: true }, patch: [] });
      expect(verdict.object).to.equal(request.object);
    });

    it('passes on /validate\'s denial', () => {
      const object = validBinding();
      object['spec'].connectorNamespace = '';
      const verdict = reviewOffline(webhooks, requestFor(object));
      expect([verdict.patch, verdict.validation.allowed, verdict.validation.status?.code]).to.deep.equal([[], false, 422]);
    });
  });

  context('when /mutate refuses the request', () => {
    it('answers /mutate\'s refusal for both, without validating', () => {
      let validated = false;
      const refusing = { mutate: webhooks.mutate, validate: (r: Parameters<typeof webhooks.validate>[0]) => ((validated = true), webhooks.validate(r)) };
      const verdict = reviewOffline(refusing, requestFor(validListener(), { operation: 'PATCH' }));
      const refusal = { uid: UID, allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'unsupported operation "PATCH"' } };
      expect({ ...verdict, validated }).to.deep.equal({ object: validListener(), mutation: refusal, validation: refusal, patch: [], validated: false });
    });
  });
});
