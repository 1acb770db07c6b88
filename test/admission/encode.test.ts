import { expect } from 'chai';
import fc from 'fast-check';
import { encodeReview } from '../../src/admission/encode.js';
import type { AdmissionApiVersion, AdmissionResponse } from '../../src/core/review.js';
import { ADMISSION_API_VERSIONS } from '../../src/core/review.js';

describe('encodeReview', () => {
  it('writes, byte for byte, JSON.stringify of the whole AdmissionReview, for any response and version', () => {
    const response = fc.record(
      {
        uid: fc.string(),
        allowed: fc.boolean(),
        patchType: fc.constant('JSONPatch' as const),
        patch: fc.base64String(),
        warnings: fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 }),
        status: fc.record({ code: fc.integer(), message: fc.string({ unit: 'binary' }), reason: fc.string() }, { requiredKeys: [] }),
      },
      { requiredKeys: ['uid', 'allowed'] },
    ) as fc.Arbitrary<AdmissionResponse>;
    fc.assert(
      fc.property(fc.constantFrom(...ADMISSION_API_VERSIONS), response, (apiVersion, r) => {
        const text = encodeReview(apiVersion, r);
        expect(text).to.equal(JSON.stringify({ apiVersion, kind: 'AdmissionReview', response: r }));
        expect(JSON.parse(text)).to.deep.equal({ apiVersion, kind: 'AdmissionReview', response: JSON.parse(JSON.stringify(r)) });
      }),
      { numRuns: 300 },
    );
  });

  it('still writes a version it has no opening for', () => {
    const text = encodeReview('admission.k8s.io/v2' as AdmissionApiVersion, { uid: 'u', allowed: true });
    expect(JSON.parse(text)).to.deep.equal({ apiVersion: 'admission.k8s.io/v2', kind: 'AdmissionReview', response: { uid: 'u', allowed: true } });
  });
});
