import { expect } from 'chai';
import { checkOperation, guardedWrite } from '../../src/admission/operation.js';
import { listener } from '../../src/resources/listener.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import { requestFor, validListener } from '../fixtures/reviews.js';

const UID = requestFor(undefined).uid;
const DELETED_AT = '2026-11-22T00:00:00Z';

/** deleting is a Listener with a deletionTimestamp, changed by edit. */
function deleting(edit: (o: Record<string, any>) => void = () => {}): Record<string, any> {
  const object = validListener();
  object['metadata'].deletionTimestamp = DELETED_AT;
  edit(object);
  return object;
}

/** update is an UPDATE of object from oldObject. */
function update(object: Record<string, any>, oldObject: unknown): AdmissionRequest {
  return requestFor(object, { operation: 'UPDATE', oldObject });
}

describe('checkOperation', () => {
  context('when the operation needs no review', () => {
    for (const operation of ['DELETE', 'CONNECT']) {
      it(`passes ${operation}, with or without an object`, () => {
        expect([checkOperation(requestFor(validListener(), { operation })), checkOperation(requestFor(undefined, { operation }))]).to.deep.equal(['pass', 'pass']);
      });
    }
  });

  context('when the operation is a write', () => {
    for (const operation of ['CREATE', 'UPDATE'] as const) {
      it(`returns ${operation} with the request's own object`, () => {
        const request = requestFor(validListener(), { operation, oldObject: validListener() });
        const reviewable = checkOperation(request);
        expect(reviewable).to.deep.equal({ operation, object: validListener() });
        expect((reviewable as { object: unknown }).object).to.equal(request.object);
      });
    }
  });

  context('when a write carries no object', () => {
    const cases: [string, string, unknown][] = [
      ['a CREATE without an object', 'CREATE', undefined],
      ['an UPDATE with a null object', 'UPDATE', null],
      ['a CREATE whose object is an array', 'CREATE', [validListener()]],
      ['an UPDATE whose object is a string', 'UPDATE', 'backend'],
    ];
    for (const [name, operation, object] of cases) {
      it(`refuses ${name} with 400 BadRequest`, () => {
        const request = { ...requestFor(validListener(), { operation }), object } as AdmissionRequest;
        expect(checkOperation(request)).to.deep.equal({
          uid: UID,
          allowed: false,
          status: {
            status: 'Failure',
            code: 400,
            reason: 'BadRequest',
            message: `request.object: Required value: a ${operation} of Listener must carry the object as a JSON object`,
          },
        });
      });
    }
  });

  context('when the operation is unknown', () => {
    for (const operation of ['PATCH', 'create', '']) {
      it(`refuses ${JSON.stringify(operation)}: it fails closed`, () => {
        expect(checkOperation(requestFor(validListener(), { operation }))).to.deep.equal({
          uid: UID,
          allowed: false,
          status: { status: 'Failure', code: 400, reason: 'BadRequest', message: `unsupported operation ${JSON.stringify(operation)}` },
        });
      });
    }
  });

  context('when an UPDATE comes for an object being deleted', () => {
    const cases: [string, Record<string, any>, unknown, 'pass' | 'review'][] = [
      ['only a finalizer removed passes', deleting(), deleting((o) => (o['metadata'].finalizers = ['example.com/cleanup'])), 'pass'],
      ['only labels and annotations changed passes', deleting((o) => ((o['metadata'].labels = { a: 'b' }), (o['metadata'].annotations = { c: 'd' }))), deleting(), 'pass'],
      ['a spec changed is reviewed', deleting((o) => (o['spec'].port = 9090)), deleting(), 'review'],
      ['a top-level field added is reviewed', deleting((o) => (o['status'] = { status: 'Ready' })), deleting(), 'review'],
      ['a top-level field dropped is reviewed', deleting((o) => delete o['spec']), deleting(), 'review'],
      ['no oldObject to compare with is reviewed', deleting(), undefined, 'review'],
      ['an oldObject that is not an object is reviewed', deleting(), 'old', 'review'],
      ['an empty deletionTimestamp is reviewed', deleting((o) => (o['metadata'].deletionTimestamp = '')), deleting((o) => (o['metadata'].deletionTimestamp = '')), 'review'],
      ['a deletionTimestamp that is not a string is reviewed', deleting((o) => (o['metadata'].deletionTimestamp = 1)), deleting((o) => (o['metadata'].deletionTimestamp = 1)), 'review'],
    ];
    for (const [name, object, oldObject, outcome] of cases) {
      it(name, () => {
        const request = update(object, oldObject);
        expect(checkOperation(request)).to.deep.equal(outcome === 'pass' ? 'pass' : { operation: 'UPDATE', object });
      });
    }

    it('never exempts a CREATE, even one carrying a deletionTimestamp', () => {
      const object = deleting();
      expect(checkOperation(requestFor(object, { oldObject: object }))).to.deep.equal({ operation: 'CREATE', object });
    });
  });
});

describe('guardedWrite', () => {
  it('returns a guarded kind\'s write with that kind\'s rules', () => {
    const write = guardedWrite(requestFor(validListener()));
    expect(write).to.deep.equal({ operation: 'CREATE', object: validListener(), rules: listener });
    expect((write as { rules: unknown }).rules).to.equal(listener);
  });

  context('when the request is not for review', () => {
    const admitted = { uid: UID, allowed: true };
    const cases: [string, AdmissionRequest][] = [
      ['a kind outside skupper.io', { ...requestFor(validListener()), kind: { group: 'example.com', version: 'v1', kind: 'Listener' } }],
      ['a skupper.io kind it does not guard', { ...requestFor(validListener()), kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Site' } }],
      ['a kind it does not guard, even without an object', { ...requestFor(undefined), kind: { group: '', version: 'v1', kind: 'Service' } }],
      ['a write to the status subresource', requestFor(validListener(), { operation: 'UPDATE', oldObject: validListener(), subResource: 'status' })],
      ['a subresource write, even of an unknown operation', requestFor(validListener(), { operation: 'PATCH', subResource: 'status' })],
      ['a DELETE', requestFor(undefined, { operation: 'DELETE', kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' } })],
      ['a CONNECT', requestFor(validListener(), { operation: 'CONNECT' })],
      ['a metadata-only UPDATE of an object being deleted', update(deleting(), deleting((o) => (o['metadata'].finalizers = ['x'])))],
    ];
    for (const [name, request] of cases) {
      it(`admits ${name} unchanged`, () => {
        expect(guardedWrite(request)).to.deep.equal(admitted);
      });
    }
  });

  context('when a guarded kind\'s request is malformed', () => {
    it('refuses an unknown operation', () => {
      expect(guardedWrite(requestFor(validListener(), { operation: 'PATCH' }))).to.deep.equal({
        uid: UID,
        allowed: false,
        status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'unsupported operation "PATCH"' },
      });
    });

    it('refuses a write without its object', () => {
      const request = requestFor(undefined, { kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' } });
      expect(guardedWrite(request)).to.deep.equal({
        uid: UID,
        allowed: false,
        status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'request.object: Required value: a CREATE of Listener must carry the object as a JSON object' },
      });
    });
  });
});
