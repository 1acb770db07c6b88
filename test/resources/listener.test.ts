import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/listener.js';
import { requestFor, validListener } from '../fixtures/reviews.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';

const webhooks = createWebhooks();

/** mutated applies /mutate's patch to object and returns the result and the patch. */
function mutate(object: Record<string, any>, operation = 'CREATE') {
  const response = webhooks.mutate(requestFor(object, { operation }));
  const patch = decodePatch(response);
  const result = patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
  return { response, patch, result };
}

describe('Listener', () => {
  describe('validation', () => {
    describeValidation(VALID, INVALID);
  });

  describe('defaulting', () => {
    describeDefaulting(DEFAULTS);

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
