import { expect } from 'chai';
import { isPlainObject, objectName, objectNamespace } from '../../src/core/object.js';
import type { AdmissionRequest } from '../../src/core/review.js';

const REQUEST: AdmissionRequest = { uid: 'u', kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' }, operation: 'CREATE', name: 'from-request', namespace: 'request-ns' };

describe('isPlainObject', () => {
  it('is true for a JSON object only', () => {
    expect([{}, { a: 1 }, [], null, 'a', 1, undefined].map(isPlainObject)).to.deep.equal([true, true, false, false, false, false, false]);
  });
});

describe('objectNamespace', () => {
  const cases: [rule: string, object: Record<string, unknown>, request: AdmissionRequest, expected: string | undefined][] = [
    ["the object's own namespace comes first", { metadata: { namespace: 'west' } }, REQUEST, 'west'],
    ["without one, the request's", { metadata: {} }, REQUEST, 'request-ns'],
    ['an empty namespace is none', { metadata: { namespace: '' } }, { ...REQUEST, namespace: '' }, undefined],
    ['a namespace of the wrong type is none', { metadata: { namespace: 5 } }, REQUEST, 'request-ns'],
    ['metadata that is not an object holds none', { metadata: 'west' }, { ...REQUEST, namespace: undefined }, undefined],
  ];
  for (const [rule, object, request, expected] of cases) {
    it(rule, () => {
      expect(objectNamespace(object, request)).to.equal(expected);
    });
  }
});

describe('objectName', () => {
  it("is the object's name, else the request's, else empty", () => {
    expect([
      objectName({ metadata: { name: 'a' } }, REQUEST),
      objectName({ metadata: { generateName: 'a-' } }, REQUEST),
      objectName({}, { ...REQUEST, name: undefined }),
    ]).to.deep.equal(['a', 'from-request', '']);
  });
});
