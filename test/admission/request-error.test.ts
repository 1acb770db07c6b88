import { expect } from 'chai';
import { isRequestError, RequestError } from '../../src/admission/request-error.js';

describe('RequestError', () => {
  it('carries the status, the reason label, the message and what was read of the review', () => {
    const e = new RequestError(413, 'body_too_large', 'the body is larger than 3 MiB', { uid: 'u-1', apiVersion: 'admission.k8s.io/v1' });
    expect({ name: e.name, statusCode: e.statusCode, reason: e.reason, message: e.message, known: e.known, cause: e.cause }).to.deep.equal({
      name: 'RequestError',
      statusCode: 413,
      reason: 'body_too_large',
      message: 'the body is larger than 3 MiB',
      known: { uid: 'u-1', apiVersion: 'admission.k8s.io/v1' },
      cause: undefined,
    });
    expect(e).to.be.an.instanceOf(Error);
  });

  context('when nothing of the review was read', () => {
    it('knows no uid and no version', () => {
      expect(new RequestError(400, 'invalid_json', 'not JSON').known).to.deep.equal({});
    });
  });

  context('when it wraps another error', () => {
    it('keeps it as its cause', () => {
      const cause = new SyntaxError('Unexpected token');
      expect(new RequestError(400, 'invalid_json', 'not JSON', {}, { cause }).cause).to.equal(cause);
    });
  });
});

describe('isRequestError', () => {
  const cases: [string, unknown, boolean][] = [
    ['a RequestError', new RequestError(400, 'missing_uid', 'no uid'), true],
    ['a plain Error', new Error('boom'), false],
    ['an Error named RequestError', Object.assign(new Error('x'), { name: 'RequestError', statusCode: 400 }), false],
    ['a look-alike object', { name: 'RequestError', statusCode: 400, reason: 'missing_uid', message: 'no uid' }, false],
    ['undefined', undefined, false],
  ];
  for (const [name, value, expected] of cases) {
    it(`is ${expected} for ${name}`, () => {
      expect(isRequestError(value)).to.equal(expected);
    });
  }
});
