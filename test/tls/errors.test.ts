import { expect } from 'chai';
import { errorMessage } from '../../src/core/error-message.js';
import { CertificateError, isCertificateError } from '../../src/tls/errors.js';

describe('CertificateError', () => {
  it('names itself and keeps the file and the cause', () => {
    const cause = new Error('ENOENT: no such file or directory');
    const error = new CertificateError('reading certs/tls.crt', { cause, file: 'certs/tls.crt' });
    expect(error).to.be.instanceOf(Error);
    expect(error.name).to.equal('CertificateError');
    expect(error.file).to.equal('certs/tls.crt');
    expect(error.cause).to.equal(cause);
  });

  it('reads as one line through errorMessage', () => {
    const error = new CertificateError('reading certs/tls.crt', { cause: new Error('ENOENT: no such file or directory') });
    expect(errorMessage(error)).to.equal('reading certs/tls.crt: ENOENT: no such file or directory');
  });

  context('when there is no cause', () => {
    it('has no cause property at all', () => {
      expect(new CertificateError('bad')).not.to.have.property('cause');
    });
  });
});

describe('isCertificateError', () => {
  it('tells a CertificateError from other errors', () => {
    expect(isCertificateError(new CertificateError('x'))).to.equal(true);
    expect(isCertificateError(new Error('x'))).to.equal(false);
    expect(isCertificateError('x')).to.equal(false);
  });
});
