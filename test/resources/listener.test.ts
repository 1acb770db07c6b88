import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import { DEFAULTS, INVALID, VALID } from '../fixtures/cases/listener.js';
import type { StatusCause } from '../../src/core/review.js';
import { requestFor, validListener } from '../fixtures/reviews.js';
import { describeDefaulting, describeValidation } from '../support/admission-cases.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const webhooks = defaultWebhooks();

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

  context('when an UPDATE comes after the deletionTimestamp', () => {
    const deleting = (object: Record<string, any>, finalizers: string[]) => {
      object.metadata.deletionTimestamp = '2026-11-22T00:00:00Z';
      object.metadata.finalizers = finalizers;
      return object;
    };

    it('admits the removal of the last finalizer', () => {
      const response = webhooks.validate(requestFor(deleting(validListener(), []), { operation: 'UPDATE', oldObject: deleting(validListener(), ['example.com/hold']) }));
      expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
    });

    it('denies a broken spec, as on any UPDATE (add a finalizer, delete, then edit the spec: no way past the rules)', () => {
      const object = deleting(validListener(), ['example.com/hold']);
      Object.assign(object.spec, { port: 0, host: 'Bad_Host' });
      const response = webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: deleting(validListener(), ['example.com/hold']) }));
      expect(response.allowed).to.equal(false);
      expect((response.status?.details?.causes ?? []).map((c: StatusCause) => c.field)).to.deep.equal(['spec.port', 'spec.host']);
    });

    it('defaults a changed spec on /mutate, and leaves a metadata-only change alone', () => {
      const changed = deleting(validListener(), []);
      changed.spec.port = 9090;
      const oldObject = deleting(validListener(), ['example.com/hold']);
      expect(decodePatch(webhooks.mutate(requestFor(changed, { operation: 'UPDATE', oldObject })))).to.have.length(1);
      expect(decodePatch(webhooks.mutate(requestFor(deleting(validListener(), []), { operation: 'UPDATE', oldObject })))).to.deep.equal([]);
    });
  });
});
