import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import { LISTENER_CASES, LISTENER_DEFAULTING_CASES, LISTENER_RELAXED_HOST_CASES } from '../fixtures/cases/listener.js';
import { requestFor, validListener } from '../fixtures/reviews.js';
import { itGivesTheCaseVerdicts } from '../support/webhook-cases.js';

const webhooks = createWebhooks();

/** mutated applies /mutate's patch to object and returns the result and the patch. */
function mutate(object: Record<string, any>, operation = 'CREATE', oldObject?: Record<string, any>) {
  const response = webhooks.mutate(requestFor(object, { operation, ...(oldObject ? { oldObject } : {}) }));
  const patch = decodePatch(response);
  const result = patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
  return { response, patch, result };
}

describe('Listener', () => {
  describe('validation', () => {
    itGivesTheCaseVerdicts(LISTENER_CASES, webhooks);

    context('when the cluster accepts relaxed Service names (--service-name-validation=relaxed)', () => {
      itGivesTheCaseVerdicts(LISTENER_RELAXED_HOST_CASES, createWebhooks({ serviceNameValidation: 'relaxed' }));
    });
  });

  describe('defaulting', () => {
    for (const c of LISTENER_DEFAULTING_CASES) {
      it(c.name, () => {
        const object = validListener();
        c.edit(object);
        let oldObject: Record<string, any> | undefined;
        if (c.old) c.old((oldObject = validListener()));
        const expected = structuredClone(object);
        c.result(expected);
        const { patch, result, response } = mutate(object, oldObject ? 'UPDATE' : 'CREATE', oldObject);
        expect(patch).to.deep.equal(c.patch);
        expect(result).to.deep.equal(expected);
        if (c.patch.length === 0) expect(response).to.deep.equal({ uid: requestFor(object).uid, allowed: true });
        else expect(response.patchType).to.equal('JSONPatch');
      });
    }

    it('is idempotent: mutating the patched object yields no patch', () => {
      const { result } = mutate(validListener());
      expect(mutate(result).patch).to.deep.equal([]);
    });

    it('never mutates DELETE', () => {
      expect(mutate(validListener(), 'DELETE').response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('leaves a status write alone, on both webhooks: it cannot change the spec, and a patch to it would be dropped', () => {
      const broken = validListener();
      delete broken['spec'].type;
      broken['spec'].host = 'Not_A_Service';
      const request = requestFor(broken, { operation: 'UPDATE', oldObject: validListener(), subResource: 'status' });
      expect(webhooks.mutate(request)).to.deep.equal({ uid: request.uid, allowed: true });
      expect(webhooks.validate(request)).to.deep.equal({ uid: request.uid, allowed: true });
      // The same write to the object itself is reviewed.
      expect(webhooks.validate({ ...request, subResource: undefined }).allowed).to.equal(false);
      expect(mutate(broken, 'UPDATE').patch).to.have.length(1);
    });

    it('passes other kinds untouched', () => {
      const response = webhooks.mutate({ ...requestFor(validListener()), kind: { group: '', version: 'v1', kind: 'Service' } });
      expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('refuses a CREATE without an object', () => {
      const response = webhooks.mutate({ ...requestFor(validListener()), object: undefined });
      expect(response.allowed).to.equal(false);
      expect(response.status?.code).to.equal(400);
    });
  });
});
