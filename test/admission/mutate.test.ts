import { expect } from 'chai';
import { createMutate } from '../../src/admission/mutate.js';
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import { validMultiKeyListener } from '../fixtures/cases/multi-key-listener.js';
import { requestFor, validBinding, validListener } from '../fixtures/reviews.js';

const UID = requestFor(undefined).uid;
const mutate = createMutate();

/** typed is object with spec.type set. */
function typed(object: Record<string, any>, type: unknown): Record<string, any> {
  object['spec'].type = type;
  return object;
}

describe('createMutate', () => {
  context('when a guarded kind has a default to fill in', () => {
    it('admits with the kind\'s patch, base64 JSONPatch', () => {
      const response = mutate(requestFor(validListener()));
      expect({ ...response, patch: decodePatch(response) }).to.deep.equal({
        uid: UID,
        allowed: true,
        patchType: 'JSONPatch',
        patch: [{ op: 'add', path: '/spec/type', value: 'tcp' }],
      });
    });

    it('patches an UPDATE as it does a CREATE', () => {
      const response = mutate(requestFor(validListener(), { operation: 'UPDATE', oldObject: validListener() }));
      expect(decodePatch(response)).to.deep.equal([{ op: 'add', path: '/spec/type', value: 'tcp' }]);
    });

    it('leaves the request\'s object as it was', () => {
      const request = requestFor(validListener());
      mutate(request);
      expect(request.object).to.deep.equal(validListener());
    });
  });

  context('when there is nothing to change', () => {
    const cases: [string, AdmissionRequest][] = [
      ['a Listener with its type already set', requestFor(typed(validListener(), 'tcp'))],
      ['a Listener with another type, which is never overridden', requestFor(typed(validListener(), 'udp'))],
      ['a kind without defaults (MultiKeyListener)', requestFor(validMultiKeyListener())],
      ['a kind without defaults (AttachedConnectorBinding)', requestFor(validBinding())],
      ['a kind it does not guard', { ...requestFor(validListener()), kind: { group: '', version: 'v1', kind: 'ConfigMap' } }],
      ['a DELETE', requestFor(validListener(), { operation: 'DELETE' })],
      ['a status write', requestFor(validListener(), { operation: 'UPDATE', oldObject: validListener(), subResource: 'status' })],
    ];
    for (const [name, request] of cases) {
      it(`admits ${name} with no patch at all`, () => {
        expect(mutate(request)).to.deep.equal({ uid: UID, allowed: true });
      });
    }
  });

  context('when the request is malformed', () => {
    it('refuses an unknown operation on a guarded kind rather than patch it', () => {
      expect(mutate(requestFor(validListener(), { operation: 'PATCH' }))).to.deep.equal({
        uid: UID,
        allowed: false,
        status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'unsupported operation "PATCH"' },
      });
    });
  });
});
