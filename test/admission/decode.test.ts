import { expect } from 'chai';
import { decodeReview } from '../../src/admission/decode.js';
import { RequestError } from '../../src/admission/request-error.js';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';

function failure(body: string): RequestError {
  try {
    decodeReview(body);
  } catch (e) {
    expect(e).to.be.instanceOf(RequestError);
    return e as RequestError;
  }
  throw new Error('decodeReview accepted the body');
}

describe('decodeReview', () => {
  it('reads a v1 review', () => {
    const decoded = decodeReview(JSON.stringify(reviewFor(requestFor(validListener()))));
    expect(decoded.apiVersion).to.equal('admission.k8s.io/v1');
    expect(decoded.request).to.deep.include({ uid: requestFor(undefined).uid, operation: 'CREATE', namespace: 'hello-world-west', dryRun: false });
  });

  it('reads the subresource a write goes to, and none for an empty one', () => {
    const request = requestFor(validListener());
    expect(decodeReview(JSON.stringify(reviewFor({ ...request, subResource: 'status' }))).request.subResource).to.equal('status');
    expect(decodeReview(JSON.stringify(reviewFor({ ...request, subResource: '' }))).request.subResource).to.equal(undefined);
  });

  it('reads a v1beta1 review', () => {
    expect(decodeReview(JSON.stringify(reviewFor(requestFor(validListener()), 'admission.k8s.io/v1beta1'))).apiVersion).to.equal('admission.k8s.io/v1beta1');
  });

  context('when the body is malformed', () => {
    const uid = requestFor(undefined).uid;
    const base = () => reviewFor(requestFor(validListener()));
    const cases: Array<[string, string, string, string | undefined]> = [
      ['not JSON', '{"apiVersion":', 'invalid_json', undefined],
      ['empty', '', 'invalid_json', undefined],
      ['a JSON array', '[]', 'not_admission_review', undefined],
      ['of another version', JSON.stringify({ ...base(), apiVersion: 'admission.k8s.io/v2' }), 'unsupported_version', undefined],
      ['of another kind', JSON.stringify({ ...base(), kind: 'Review' }), 'not_admission_review', undefined],
      ['without request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 'missing_request', undefined],
      ['without uid', JSON.stringify({ ...base(), request: { ...base()['request'], uid: undefined } }), 'missing_uid', undefined],
      ['with an empty uid', JSON.stringify({ ...base(), request: { ...base()['request'], uid: '' } }), 'missing_uid', undefined],
      ['with a numeric uid', JSON.stringify({ ...base(), request: { ...base()['request'], uid: 5 } }), 'invalid_request', undefined],
      ['with a string kind', JSON.stringify({ ...base(), request: { ...base()['request'], kind: 'Listener' } }), 'invalid_request', uid],
      ['without operation', JSON.stringify({ ...base(), request: { ...base()['request'], operation: undefined } }), 'invalid_request', uid],
      ['with a numeric namespace', JSON.stringify({ ...base(), request: { ...base()['request'], namespace: 1 } }), 'invalid_request', uid],
      ['with a numeric subResource', JSON.stringify({ ...base(), request: { ...base()['request'], subResource: 1 } }), 'invalid_request', uid],
      ['with a string dryRun', JSON.stringify({ ...base(), request: { ...base()['request'], dryRun: 'true' } }), 'invalid_request', uid],
    ];
    for (const [name, body, reason, knownUid] of cases) {
      it(`refuses a body ${name} with 400 (${reason})`, () => {
        const error = failure(body);
        expect(error.statusCode).to.equal(400);
        expect(error.reason).to.equal(reason);
        expect(error.known.uid).to.equal(knownUid);
      });
    }
  });
});
