import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import fastJsonPatch from 'fast-json-patch';
import {
  caBundlePatch,
  decodeCaBundle,
  encodeCaBundle,
  mergeCaBundle,
  readCaCertificates,
  splitPemCertificates,
  type WebhookConfiguration,
} from '../../src/tls/ca-bundle.js';
import { CertificateError } from '../../src/tls/errors.js';
import type { GeneratedCertificates } from '../../src/tls/generate.js';
import { testCertificates } from '../support/test-certificates.js';

const { applyPatch, deepClone } = fastJsonPatch;

/** fingerprints lists the certificates of a PEM bundle by SHA-256 fingerprint, in order. */
function fingerprints(pem: string): string[] {
  return splitPemCertificates(pem).map((block) => new X509Certificate(block).fingerprint256);
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

describe('ca-bundle', () => {
  let fresh: GeneratedCertificates;
  let old: GeneratedCertificates;
  let expired: GeneratedCertificates;

  before(async () => {
    // The run's pairs, each under a CA of its own: the new CA, the one it replaces, and an expired one.
    [fresh, old, expired] = await Promise.all([testCertificates('another'), testCertificates('localhost'), testCertificates('expired')]);
  });

  describe('splitPemCertificates', () => {
    it('returns each certificate block and ignores the text around them', () => {
      const text = `# bundle\n${fresh.caCert}comment\n${old.caCert}`;
      expect(splitPemCertificates(text)).to.deep.equal([fresh.caCert.trim(), old.caCert.trim()]);
      expect(splitPemCertificates('')).to.deep.equal([]);
    });
  });

  describe('encodeCaBundle and decodeCaBundle', () => {
    it('round-trip PEM through base64', () => {
      expect(encodeCaBundle(fresh.caCert)).to.match(/^LS0tLS1CRUdJTi/);
      expect(decodeCaBundle(encodeCaBundle(fresh.caCert))).to.equal(fresh.caCert);
      expect(decodeCaBundle(undefined)).to.equal('');
    });
  });

  describe('readCaCertificates', () => {
    it('parses every CA in the text', () => {
      const certs = readCaCertificates(fresh.caCert + old.caCert, 'ca.crt');
      expect(certs.map((c) => c.fingerprint256)).to.deep.equal([fingerprint(fresh.caCert), fingerprint(old.caCert)]);
    });

    context('when the text cannot be installed', () => {
      const cases: Array<[string, () => string, RegExp]> = [
        ['it holds no certificate', () => 'hello', /^ca\.crt holds no PEM certificate$/],
        ['a certificate does not parse', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', /^parsing certificate 1 in ca\.crt$/],
        ['a certificate is not a CA', () => fresh.caCert + fresh.tlsCert, /^certificate 2 in ca\.crt \(CN=localhost\) is not a CA$/],
        ['a CA has expired', () => expired.caCert, /^certificate 1 in ca\.crt expired at 2009-/],
      ];
      for (const [rule, text, message] of cases) {
        it(`refuses it: ${rule}`, () => {
          expect(() => readCaCertificates(text(), 'ca.crt')).to.throw(CertificateError, message);
        });
      }
    });
  });

  describe('mergeCaBundle', () => {
    const cases: Array<{ name: string; existing: () => string; want: () => string[]; changed: boolean; kept: number; dropped: number }> = [
      { name: 'installs the CA into an empty bundle', existing: () => '', want: () => [fresh.caCert], changed: true, kept: 0, dropped: 0 },
      { name: 'is idempotent', existing: () => fresh.caCert, want: () => [fresh.caCert], changed: false, kept: 0, dropped: 0 },
      {
        name: 'keeps a still-valid old CA after the new one',
        existing: () => old.caCert,
        want: () => [fresh.caCert, old.caCert],
        changed: true,
        kept: 1,
        dropped: 0,
      },
      {
        name: 'is idempotent during a rotation, in any order',
        existing: () => old.caCert + fresh.caCert,
        want: () => [old.caCert, fresh.caCert],
        changed: false,
        kept: 1,
        dropped: 0,
      },
      {
        name: 'drops an expired old CA',
        existing: () => expired.caCert + old.caCert,
        want: () => [fresh.caCert, old.caCert],
        changed: true,
        kept: 1,
        dropped: 1,
      },
      {
        name: 'drops an entry that does not parse',
        existing: () => `${fresh.caCert}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`,
        want: () => [fresh.caCert],
        changed: true,
        kept: 0,
        dropped: 1,
      },
      {
        name: 'removes duplicates',
        existing: () => fresh.caCert + old.caCert + fresh.caCert,
        want: () => [fresh.caCert, old.caCert],
        changed: true,
        kept: 1,
        dropped: 0,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const existing = c.existing();
        const merged = mergeCaBundle([new X509Certificate(fresh.caCert)], existing);
        expect({ changed: merged.changed, kept: merged.kept, dropped: merged.dropped }).to.deep.equal({
          changed: c.changed,
          kept: c.kept,
          dropped: c.dropped,
        });
        expect(fingerprints(merged.pem)).to.deep.equal(c.want().map(fingerprint));
        if (!c.changed) expect(merged.pem).to.equal(existing);
        // Merging the result again changes nothing.
        expect(mergeCaBundle([new X509Certificate(fresh.caCert)], merged.pem).changed).to.equal(false);
      });
    }

    it('drops an old CA once the clock passes its expiry', () => {
      const oldExpiry = new Date(new X509Certificate(old.caCert).validTo);
      const merged = mergeCaBundle([new X509Certificate(fresh.caCert)], old.caCert, new Date(oldExpiry.getTime() + 1000));
      expect(fingerprints(merged.pem)).to.deep.equal([fingerprint(fresh.caCert)]);
    });
  });

  describe('caBundlePatch', () => {
    function configuration(bundles: Array<string | undefined>): WebhookConfiguration {
      return {
        metadata: { resourceVersion: '42' },
        webhooks: bundles.map((bundle, i) => ({
          name: `hook-${i}.skupper.io`,
          clientConfig: bundle === undefined ? { service: { name: 'svc' } } : { caBundle: encodeCaBundle(bundle) },
        })) as WebhookConfiguration['webhooks'],
      };
    }

    it('sets the merged bundle on every webhook, and applying it again changes nothing', () => {
      const before = configuration([undefined, old.caCert, fresh.caCert]);
      const next = [new X509Certificate(fresh.caCert)];
      const patch = caBundlePatch(before, next);
      expect(patch.webhooks).to.equal(2);
      expect(patch.operations[0]).to.deep.equal({ op: 'test', path: '/metadata/resourceVersion', value: '42' });

      const after = applyPatch(deepClone(before), patch.operations, true).newDocument as WebhookConfiguration;
      const bundles = after.webhooks!.map((w) => fingerprints(decodeCaBundle(w.clientConfig?.caBundle)));
      expect(bundles).to.deep.equal([
        [fingerprint(fresh.caCert)],
        [fingerprint(fresh.caCert), fingerprint(old.caCert)],
        [fingerprint(fresh.caCert)],
      ]);
      expect((after.webhooks![0]!.clientConfig as { service?: unknown }).service).to.deep.equal({ name: 'svc' });
      expect(caBundlePatch(after, next)).to.deep.equal({ operations: [], webhooks: 0 });
    });

    it('fails to apply once the object has changed since it was read', () => {
      const before = configuration([undefined]);
      const patch = caBundlePatch(before, [new X509Certificate(fresh.caCert)]);
      const edited = { ...deepClone(before), metadata: { resourceVersion: '43' } };
      expect(() => applyPatch(edited, patch.operations, true)).to.throw(/Test operation failed/);
    });

    it('has nothing to do for a configuration without webhooks', () => {
      expect(caBundlePatch({ metadata: { resourceVersion: '1' } }, [new X509Certificate(fresh.caCert)])).to.deep.equal({
        operations: [],
        webhooks: 0,
      });
    });
  });
});
