import { X509Certificate } from 'node:crypto';
import { CertificateError } from './errors.js';

/** PEM_CERTIFICATE matches one PEM certificate block; anything between blocks is ignored. */
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** MergedCaBundle is the caBundle to install in a webhook entry and what merging did. */
export interface MergedCaBundle {
  /** pem is the bundle: the new CAs first, then the old ones still valid, each once. */
  pem: string;
  /** changed is false when the existing bundle already holds exactly these CAs; then pem is the existing text. */
  changed: boolean;
  /** kept counts old CAs carried over so clients holding certificates they signed keep working. */
  kept: number;
  /** dropped counts old entries removed because they expired or do not parse. */
  dropped: number;
}

/** splitPemCertificates returns each PEM certificate block found in text, in order. */
export function splitPemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

/** encodeCaBundle turns PEM text into the base64 form the `caBundle` field holds. */
export function encodeCaBundle(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

/** decodeCaBundle turns a `caBundle` field back into PEM text (an absent field is an empty bundle). */
export function decodeCaBundle(caBundle: string | undefined): string {
  return caBundle ? Buffer.from(caBundle, 'base64').toString('utf8') : '';
}

/**
 * readCaCertificates parses the CA certificates in pem, the bundle about to
 * be installed. It refuses text with no certificate, a certificate that does
 * not parse, one that is not a CA, and one that has expired: installing any of
 * those would break every admission call at once.
 */
export function readCaCertificates(pem: string, source: string, now: Date = new Date()): X509Certificate[] {
  const blocks = splitPemCertificates(pem);
  if (blocks.length === 0) throw new CertificateError(`${source} holds no PEM certificate`, { file: source });
  return blocks.map((block, i) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (e) {
      throw new CertificateError(`parsing certificate ${i + 1} in ${source}`, { cause: e, file: source });
    }
    if (!cert.ca) throw new CertificateError(`certificate ${i + 1} in ${source} (${cert.subject}) is not a CA`, { file: source });
    if (isExpired(cert, now)) {
      throw new CertificateError(`certificate ${i + 1} in ${source} expired at ${new Date(cert.validTo).toISOString()}`, { file: source });
    }
    return cert;
  });
}

/**
 * mergeCaBundle computes the caBundle to install: the CAs of next, followed
 * by every CA of existing that has not expired, without duplicates. Keeping
 * the old CA during a rotation means the API server still trusts a webhook
 * pod that has not yet picked up its new serving certificate. Entries of
 * existing that are expired or unparseable are dropped. A bundle that already
 * holds exactly these CAs, in any order, is reported unchanged so callers can
 * skip the write.
 */
export function mergeCaBundle(next: X509Certificate[], existing: string, now: Date = new Date()): MergedCaBundle {
  const seen = new Set<string>();
  const merged: X509Certificate[] = [];
  for (const cert of next) {
    if (!seen.has(cert.fingerprint256)) {
      seen.add(cert.fingerprint256);
      merged.push(cert);
    }
  }
  const existingFingerprints = new Set<string>();
  let existingValid = 0;
  let kept = 0;
  let dropped = 0;
  for (const block of splitPemCertificates(existing)) {
    const cert = tryParse(block);
    if (!cert || isExpired(cert, now)) {
      dropped++;
      continue;
    }
    existingValid++;
    existingFingerprints.add(cert.fingerprint256);
    if (seen.has(cert.fingerprint256)) continue;
    seen.add(cert.fingerprint256);
    merged.push(cert);
    kept++;
  }
  // Same CAs in any order, none expired, none twice: leave the field as it is.
  const unchanged =
    dropped === 0 && existingValid === seen.size && [...seen].every((fingerprint) => existingFingerprints.has(fingerprint));
  if (unchanged) return { pem: existing, changed: false, kept, dropped };
  return { pem: merged.map((cert) => cert.toString()).join(''), changed: true, kept, dropped };
}

function isExpired(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validTo).getTime() <= now.getTime();
}

function tryParse(block: string): X509Certificate | undefined {
  try {
    return new X509Certificate(block);
  } catch {
    return undefined;
  }
}

/** WebhookConfiguration is the part of a Validating or Mutating WebhookConfiguration that caBundlePatch reads. */
export interface WebhookConfiguration {
  metadata?: { resourceVersion?: string };
  webhooks?: Array<{ name?: string; clientConfig?: { caBundle?: string } }>;
}

/** JsonPatchOperation is one RFC 6902 operation of the kinds caBundlePatch emits. */
export interface JsonPatchOperation {
  op: 'test' | 'add';
  path: string;
  value: string;
}

/** CaBundlePatch is the JSON Patch that installs next in every webhook of a configuration. */
export interface CaBundlePatch {
  /** operations is empty when every webhook already holds the right bundle. */
  operations: JsonPatchOperation[];
  /** webhooks counts the webhook entries whose caBundle changes. */
  webhooks: number;
}

/**
 * caBundlePatch builds the JSON Patch (RFC 6902) that sets every webhook's
 * caBundle to mergeCaBundle(next, its current bundle). A JSON Patch rather
 * than a merge patch because a merge patch replaces the whole webhooks list;
 * it starts by testing resourceVersion so that, if someone edits the object
 * between our read and our write, the API server refuses the patch instead of
 * applying our array indexes to a different list.
 */
export function caBundlePatch(config: WebhookConfiguration, next: X509Certificate[], now: Date = new Date()): CaBundlePatch {
  const operations: JsonPatchOperation[] = [];
  (config.webhooks ?? []).forEach((webhook, i) => {
    const merged = mergeCaBundle(next, decodeCaBundle(webhook.clientConfig?.caBundle), now);
    if (merged.changed) operations.push({ op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: encodeCaBundle(merged.pem) });
  });
  const resourceVersion = config.metadata?.resourceVersion;
  if (operations.length > 0 && resourceVersion !== undefined) {
    operations.unshift({ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion });
  }
  return { operations, webhooks: operations.filter((operation) => operation.op === 'add').length };
}
