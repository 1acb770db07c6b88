import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { CertificateError } from '../../src/tls/errors.js';
import {
  CA_VALIDITY_DAYS,
  CLOCK_SKEW_MS,
  generateCertificates,
  serviceDnsNames,
  type GeneratedCertificates,
} from '../../src/tls/generate.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** altNames lists a forge certificate's SANs as "DNS:x" / "IP:y". */
function altNames(cert: forge.pki.Certificate): string[] {
  const extension = cert.getExtension('subjectAltName') as { altNames: Array<{ type: number; value: string; ip?: string }> };
  return extension.altNames.map((n) => (n.type === 7 ? `IP:${n.ip}` : `DNS:${n.value}`));
}

describe('serviceDnsNames', () => {
  it('lists the four names a Service answers to', () => {
    expect(serviceDnsNames('hook', 'ns')).to.deep.equal(['hook', 'hook.ns', 'hook.ns.svc', 'hook.ns.svc.cluster.local']);
  });
});

describe('generateCertificates', () => {
  /** issuedAt is read when the before hook runs, which in a full suite is long after this file loads. */
  let issuedAt: number;
  let certs: GeneratedCertificates;
  let ca: forge.pki.Certificate;
  let leaf: forge.pki.Certificate;
  /** local is a second run: localhost names, and more days than the CA lives. */
  let local: GeneratedCertificates;
  let expired: GeneratedCertificates;
  /** addresses has IP SANs only, some of them one address spelled twice. */
  let addresses: GeneratedCertificates;

  before(async () => {
    issuedAt = Date.now();
    // Key generation is the slow part: every certificate these tests read, in parallel.
    [certs, local, expired, addresses] = await Promise.all([
      generateCertificates({ dnsNames: serviceDnsNames('hook', 'ns'), days: 30 }),
      generateCertificates({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'], days: CA_VALIDITY_DAYS + 100 }),
      generateCertificates({ dnsNames: ['x'], now: new Date('2000-01-01T00:00:00Z') }),
      generateCertificates({ dnsNames: [], ipAddresses: ['::', '0::0', '::ffff:10.0.0.1', '10.0.0.1', '10.0.0.1'] }),
    ]);
    ca = forge.pki.certificateFromPem(certs.caCert);
    leaf = forge.pki.certificateFromPem(certs.tlsCert);
  });

  describe('the CA', () => {
    it('is a CA allowed to sign certificates', () => {
      expect(ca.getExtension('basicConstraints')).to.include({ cA: true, critical: true });
      expect(ca.getExtension('keyUsage')).to.include({ keyCertSign: true, critical: true });
      expect(new X509Certificate(certs.caCert).ca).to.equal(true);
    });

    it(`lives ${CA_VALIDITY_DAYS} days`, () => {
      const lifetime = ca.validity.notAfter.getTime() - issuedAt;
      expect(lifetime).to.be.closeTo(CA_VALIDITY_DAYS * DAY_MS, 60_000);
    });

    it('writes its name as a UTF8String, which Go (kubectl, the API server) parses: "@" is no PrintableString character', () => {
      expect(ca.subject.getField('CN').valueTagClass).to.equal(forge.asn1.Type.UTF8);
      expect(ca.issuer.getField('CN').valueTagClass).to.equal(forge.asn1.Type.UTF8);
      expect(leaf.subject.getField('CN').valueTagClass).to.equal(forge.asn1.Type.UTF8);
      expect(leaf.issuer.getField('CN').valueTagClass).to.equal(forge.asn1.Type.UTF8);
    });

    it('has a key that matches it', () => {
      expect(new X509Certificate(certs.caCert).checkPrivateKey(createPrivateKey(certs.caKey))).to.equal(true);
    });
  });

  describe('the serving certificate', () => {
    it('has exactly the SANs asked for', () => {
      expect(altNames(leaf)).to.deep.equal(['DNS:hook', 'DNS:hook.ns', 'DNS:hook.ns.svc', 'DNS:hook.ns.svc.cluster.local']);
    });

    it('is for server authentication with an RSA key', () => {
      expect(leaf.getExtension('extKeyUsage')).to.include({ serverAuth: true });
      expect(leaf.getExtension('keyUsage')).to.include({ digitalSignature: true, keyEncipherment: true });
      expect(leaf.getExtension('basicConstraints')).to.include({ cA: false });
    });

    it('has a random serial number, not "01"', () => {
      const again = forge.pki.certificateFromPem(local.tlsCert);
      expect(leaf.serialNumber).to.have.length(32);
      expect(leaf.serialNumber).not.to.equal(again.serialNumber);
      expect(leaf.serialNumber).not.to.equal(ca.serialNumber);
      expect(parseInt(leaf.serialNumber.slice(0, 2), 16)).to.be.within(1, 0x7f, 'positive and minimally encoded');
    });

    it('starts at least a minute in the past, for clock skew', () => {
      expect(leaf.validity.notBefore.getTime()).to.be.at.most(issuedAt - 60_000);
      expect(leaf.validity.notBefore.getTime()).to.be.closeTo(issuedAt - CLOCK_SKEW_MS, 60_000);
    });

    it('lives the days asked for', () => {
      expect(leaf.validity.notAfter.getTime() - issuedAt).to.be.closeTo(30 * DAY_MS, 60_000);
    });

    it('is signed by the CA and carries its key identifier', () => {
      expect(ca.verify(leaf)).to.equal(true);
      const authorityKeyId = leaf.getExtension('authorityKeyIdentifier') as { value: string };
      const caKeyId = ca.generateSubjectKeyIdentifier().getBytes();
      expect(authorityKeyId.value.endsWith(caKeyId)).to.equal(true, 'the AKID holds the CA key identifier');
    });

    it('has a PKCS#8 key that matches it', () => {
      expect(certs.tlsKey).to.match(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(new X509Certificate(certs.tlsCert).checkPrivateKey(createPrivateKey(certs.tlsKey))).to.equal(true);
    });

    it('uses Unix line endings in every PEM', () => {
      for (const pem of Object.values(certs)) expect(pem).not.to.include('\r');
    });
  });

  context('when more days are asked for than the CA lives', () => {
    it('ends the serving certificate with the CA', () => {
      const [longCa, longLeaf] = [local.caCert, local.tlsCert].map((pem) => forge.pki.certificateFromPem(pem));
      expect(longLeaf!.validity.notAfter.getTime()).to.equal(longCa!.validity.notAfter.getTime());
    });
  });

  context('when IP addresses are asked for', () => {
    it('adds IPv4 and IPv6 SANs', () => {
      expect(altNames(forge.pki.certificateFromPem(local.tlsCert))).to.deep.equal(['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
    });

    it('writes each address once, however it is spelled, and an IPv4-mapped address as 16 bytes', () => {
      expect(new X509Certificate(addresses.tlsCert).subjectAltName).to.equal(
        'IP Address:0:0:0:0:0:0:0:0, IP Address:0:0:0:0:0:FFFF:A00:1, IP Address:10.0.0.1',
      );
    });

    it('names the certificate after the first address when there is no DNS name', () => {
      expect(new X509Certificate(addresses.tlsCert).subject).to.equal('CN=::');
    });
  });

  context('when issued in the past', () => {
    it('mints already-expired material, for tests of expiry handling', () => {
      expect(new Date(new X509Certificate(expired.caCert).validTo).getTime()).to.be.below(Date.now());
      expect(new Date(new X509Certificate(expired.tlsCert).validTo).getTime()).to.be.below(Date.now());
    });
  });

  context('when the request cannot make a certificate', () => {
    const cases: Array<[string, Parameters<typeof generateCertificates>[0], RegExp]> = [
      ['days must be positive', { dnsNames: ['x'], days: 0 }, /days must be a positive whole number/],
      ['days must be whole', { dnsNames: ['x'], days: 1.5 }, /days must be a positive whole number/],
      ['a name is required', { dnsNames: [] }, /at least one DNS name or IP address/],
      ['IP addresses must parse', { dnsNames: ['x'], ipAddresses: ['300.1.1.1'] }, /"300.1.1.1" is not an IP address/],
      ['IP addresses may not carry a zone id', { dnsNames: ['x'], ipAddresses: ['fe80::1%eth0'] }, /"fe80::1%eth0" is not an IP address a certificate can hold/],
    ];
    for (const [rule, options, message] of cases) {
      it(`rejects it: ${rule}`, async () => {
        const error = await generateCertificates(options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(CertificateError);
        expect((error as Error).message).to.match(message);
      });
    }
  });

  describe('with real TLS tools', () => {
    let dir: string;
    let server: tls.Server;
    let port: number;

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'generate-test-'));
      await writeFile(join(dir, 'ca.crt'), certs.caCert);
      await writeFile(join(dir, 'tls.crt'), certs.tlsCert);
      await writeFile(join(dir, 'addresses.crt'), addresses.tlsCert);
      server = tls.createServer({ cert: certs.tlsCert, key: certs.tlsKey }, (socket) => socket.end('hello'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as AddressInfo).port;
    });

    after(async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    it('passes openssl verify -CAfile ca.crt tls.crt', async () => {
      const { stdout } = await promisify(execFile)('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')]);
      expect(stdout.trim()).to.equal(`${join(dir, 'tls.crt')}: OK`);
    });

    it('shows openssl the IP SANs asked for', async () => {
      const { stdout } = await promisify(execFile)('openssl', ['x509', '-in', join(dir, 'addresses.crt'), '-noout', '-ext', 'subjectAltName']);
      expect(stdout.trim().split('\n').map((line) => line.trim())).to.deep.equal([
        'X509v3 Subject Alternative Name:',
        'IP Address:0:0:0:0:0:0:0:0, IP Address:0:0:0:0:0:FFFF:A00:1, IP Address:10.0.0.1',
      ]);
    });

    it('lets a client that trusts only the CA connect to NAME.NS.svc', async () => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'hook.ns.svc', ca: certs.caCert });
      try {
        await once(socket, 'secureConnect');
        expect(socket.authorized).to.equal(true);
        const [data] = (await once(socket, 'data')) as [Buffer];
        expect(data.toString()).to.equal('hello');
      } finally {
        socket.destroy();
      }
    });

    it('refuses a client that asks for a name the certificate lacks', async () => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername: 'other.ns.svc', ca: certs.caCert });
      try {
        const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException];
        expect(error.code).to.equal('ERR_TLS_CERT_ALTNAME_INVALID');
      } finally {
        socket.destroy();
      }
    });
  });
});
