import { expect } from 'chai';
import { decodeObjectMeta } from '../../src/check/object-meta-fields.js';
import { validListener } from '../fixtures/reviews.js';

/** EVERY_FIELD is metadata with each of metav1.ObjectMeta's fields. */
const EVERY_FIELD = {
  name: 'backend',
  generateName: 'backend-',
  namespace: 'west',
  selfLink: '/apis/skupper.io/v2alpha1/namespaces/west/listeners/backend',
  uid: 'e911857d-c318-11e8-bbad-025000000001',
  resourceVersion: '1',
  generation: 1,
  creationTimestamp: '2026-11-22T00:00:00Z',
  deletionTimestamp: '2026-11-22T00:00:00Z',
  deletionGracePeriodSeconds: 0,
  labels: { app: 'backend' },
  annotations: { note: 'x' },
  ownerReferences: [],
  finalizers: ['example.com/cleanup'],
  managedFields: [],
};

describe('decodeObjectMeta', () => {
  context('when there is nothing to drop', () => {
    const cases: [string, Record<string, any>][] = [
      ['metadata with only known fields', validListener()],
      ['metadata with every ObjectMeta field', { ...validListener(), metadata: structuredClone(EVERY_FIELD) }],
      ['no metadata', { apiVersion: 'skupper.io/v2alpha1', kind: 'Listener' }],
      ['metadata that is not an object', { ...validListener(), metadata: 'backend' }],
      ['metadata that is an array', { ...validListener(), metadata: [{ foo: 1 }] }],
    ];
    for (const [name, object] of cases) {
      it(`returns ${name} as it is, with no warning`, () => {
        const decoded = decodeObjectMeta(object);
        expect(decoded.warnings).to.deep.equal([]);
        expect(decoded.object).to.equal(object);
      });
    }
  });

  context('when metadata has fields ObjectMeta does not', () => {
    it('drops them, with a warning each in document order, and keeps the rest', () => {
      const object = validListener();
      object['metadata'] = { zeta: 1, name: 'backend', Labels: { a: 'b' }, namespace: 'west', alpha: null };
      expect(decodeObjectMeta(object)).to.deep.equal({
        object: { ...validListener(), metadata: { name: 'backend', namespace: 'west' } },
        warnings: ['unknown field "metadata.zeta"', 'unknown field "metadata.Labels"', 'unknown field "metadata.alpha"'],
      });
    });

    it('leaves the object it was given unchanged', () => {
      const object = validListener();
      object['metadata'].foo = 'bar';
      decodeObjectMeta(object);
      expect(object['metadata']).to.deep.equal({ ...validListener()['metadata'], foo: 'bar' });
    });

    it('leaves unknown fields outside metadata alone', () => {
      const object: Record<string, any> = { ...validListener(), extra: 1 };
      object['metadata'].foo = 'bar';
      expect(decodeObjectMeta(object)).to.deep.equal({ object: { ...validListener(), extra: 1 }, warnings: ['unknown field "metadata.foo"'] });
    });
  });
});
