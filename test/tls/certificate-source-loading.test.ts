/**
 * Loading a certificate pair: FileCertificateSource.start reads, checks
 * and reports the pair, or fails naming the file; parseCertificatePair is
 * the check itself. Polling for a rotated pair is in
 * certificate-source-polling.
 */
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../src/core/error-message.js';
import { FileCertificateSource, parseCertificatePair } from '../../src/tls/certificate-source.js';
import { CertificateError } from '../../src/tls/errors.js';
import { generateCertificates, type GeneratedCertificates } from '../../src/tls/generate.js';
import { CertificateDirs, pairs, serial } from './certificate-source-support.js';

/** startError returns what start() rejects with, failing the test if it resolves. */
function startError(source: FileCertificateSource): Promise<unknown> {
  return source.start().then(() => expect.fail('start should fail'), (e: unknown) => e);
}

describe('FileCertificateSource', () => {
  let a: GeneratedCertificates;
  let expired: GeneratedCertificates;
  let future: GeneratedCertificates;
  const dirs = new CertificateDirs();
  const { watch, pairDir } = dirs;

  before(async () => {
    await dirs.create();
    [a, , expired, future] = (await pairs()) as [GeneratedCertificates, GeneratedCertificates, GeneratedCertificates, GeneratedCertificates];
  });

  after(async () => dirs.remove());

  describe('start', () => {
    it('loads the pair and reports its facts', async () => {
      const source = watch(await pairDir(a));
      expect(source.current()).to.equal(undefined);
      await source.start();
      const pair = source.current()!;
      expect(pair.cert.toString()).to.equal(a.tlsCert);
      expect(pair.key.toString()).to.equal(a.tlsKey);
      expect(pair.serialNumber).to.equal(serial(a.tlsCert));
      expect(pair.dnsNames).to.deep.equal(['localhost']);
      expect(pair.ipAddresses).to.deep.equal(['127.0.0.1']);
      expect(pair.notAfter).to.deep.equal(new Date(new X509Certificate(a.tlsCert).validTo));
      expect(pair.notBefore.getTime()).to.be.below(Date.now());
    });

    context('when a file is missing', () => {
      it('throws a CertificateError naming the file', async () => {
        const dir = await pairDir(a);
        await rm(join(dir, 'tls.crt'));
        const error = await startError(watch(dir));
        expect(error).to.be.instanceOf(CertificateError);
        expect(errorMessage(error)).to.match(/^reading .*tls\.crt: ENOENT: no such file or directory/);
        expect((error as CertificateError).file).to.equal(join(dir, 'tls.crt'));
      });
    });

    context('when the certificate has expired', () => {
      it('throws rather than serve it', async () => {
        const error = await startError(watch(await pairDir(expired)));
        expect((error as Error).message).to.match(/tls\.crt expired at 20\d\d-/);
      });
    });

    context('when the certificate is not valid yet', () => {
      it('throws rather than serve what the API server would refuse', async () => {
        const error = await startError(watch(await pairDir(future)));
        expect((error as Error).message).to.match(/tls\.crt is not valid until 2098-12-31T23:55:00\.000Z$/);
      });
    });
  });
});

describe('parseCertificatePair', () => {
  let certs: GeneratedCertificates;
  const files = { certFile: 'tls.crt', keyFile: 'tls.key' };

  before(async () => {
    [certs] = (await pairs()) as [GeneratedCertificates];
  });

  it('accepts a matching, current pair', () => {
    const pair = parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), files);
    expect(pair.dnsNames).to.deep.equal(['localhost']);
  });

  it('reports IPv6 names as RFC 5952 writes them, not spelled out in full', async () => {
    const v6 = await generateCertificates({ dnsNames: ['v6'], ipAddresses: ['::1', '2001:db8:0:0:0:0:0:1', '10.0.0.1'] });
    const pair = parseCertificatePair(Buffer.from(v6.tlsCert), Buffer.from(v6.tlsKey), files);
    expect(pair.ipAddresses).to.deep.equal(['::1', '2001:db8::1', '10.0.0.1']);
  });

  it('rejects the pair once the certificate has expired', () => {
    const pair = parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), files);
    const later = new Date(pair.notAfter.getTime() + 1000);
    expect(() => parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), { ...files, now: later })).to.throw(
      CertificateError,
      `the certificate in tls.crt expired at ${pair.notAfter.toISOString()}`,
    );
  });

  it('rejects the pair before the certificate is valid, and accepts it from its notBefore', () => {
    const pair = parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), files);
    const early = new Date(pair.notBefore.getTime() - 1000);
    expect(() => parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), { ...files, now: early })).to.throw(
      CertificateError,
      `the certificate in tls.crt is not valid until ${pair.notBefore.toISOString()}`,
    );
    expect(parseCertificatePair(Buffer.from(certs.tlsCert), Buffer.from(certs.tlsKey), { ...files, now: pair.notBefore }).serialNumber).to.equal(pair.serialNumber);
  });

  it('rejects a CA certificate served with the serving key', () => {
    expect(() => parseCertificatePair(Buffer.from(certs.caCert), Buffer.from(certs.tlsKey), files)).to.throw(
      CertificateError,
      'tls.key is not the private key of the certificate in tls.crt',
    );
  });

  it('rejects empty files', () => {
    expect(() => parseCertificatePair(Buffer.alloc(0), Buffer.from(certs.tlsKey), files)).to.throw(CertificateError, 'parsing tls.crt');
  });

  it('rejects a file that is not PEM', () => {
    expect(() => parseCertificatePair(Buffer.from('not a certificate\n'), Buffer.from(certs.tlsKey), files))
      .to.throw(CertificateError, 'parsing tls.crt')
      .that.satisfies((e: unknown) => /^parsing tls\.crt: \S/.test(errorMessage(e)));
  });
});
