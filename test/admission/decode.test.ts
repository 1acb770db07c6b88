import { expect } from 'chai';
import { MAX_JSON_VALUES, MAX_NESTING_DEPTH } from '../../src/admission/body-limits.js';
import { decodeReview, MAX_UID_CHARS } from '../../src/admission/decode.js';
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
      ['with a uid too long to echo', JSON.stringify({ ...base(), request: { ...base()['request'], uid: 'u'.repeat(MAX_UID_CHARS + 1) } }), 'invalid_request', undefined],
      ['nested past the limit', `{"extra":${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)},${JSON.stringify(base()).slice(1)}`, 'too_deeply_nested', undefined],
    ];
    it('refuses a body of more than MAX_JSON_VALUES values with 413, before parsing it', () => {
      const error = failure(JSON.stringify({ ...base(), extra: Array(MAX_JSON_VALUES).fill(0) }));
      expect(error).to.deep.include({ statusCode: 413, reason: 'too_many_values' });
    });

    it('quotes a long apiVersion or kind only in part', () => {
      expect(failure(JSON.stringify({ ...base(), apiVersion: 'v'.repeat(1_000_000) })).message).to.have.length.below(400);
      expect(failure(JSON.stringify({ ...base(), kind: { k: 'v'.repeat(1_000_000) } })).message).to.have.length.below(400);
    });

    it('refuses a kind nested as deep as the limit allows, which JSON.stringify cannot write, with 400', () => {
      const deep = `${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}`;
      const error = failure(`{"apiVersion":"admission.k8s.io/v1","kind":${deep}}`);
      expect(error).to.deep.include({ statusCode: 400, reason: 'not_admission_review' });
    });

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
