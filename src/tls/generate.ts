import { generateKeyPair as generateKeyPairCallback, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { CertificateError } from './errors.js';
import { ipAddressBytes } from './ip-address.js';

const generateKeyPair = promisify(generateKeyPairCallback);
/**
 * UTF8 is the ASN.1 string type of the certificates' names. node-forge's
 * documentation sets valueTagClass to an asn1.Type; @types/node-forge
 * declares it an asn1.Class, hence the cast.
 */
const UTF8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;

/** RSA_MODULUS_LENGTH is 2048 bits: what the Kubernetes API server and every TLS client accept, and quick to generate natively. */
export const RSA_MODULUS_LENGTH = 2048;

/** DEFAULT_SERVING_DAYS is the serving certificate's lifetime: a year, so rotation is a yearly chore rather than a surprise. */
export const DEFAULT_SERVING_DAYS = 365;

/** CA_VALIDITY_DAYS is the CA's lifetime (ten years): the CA sits in the webhook configurations' caBundle, so it should outlive many serving certificates. */
export const CA_VALIDITY_DAYS = 3650;

/**
 * CLOCK_SKEW_MS backdates notBefore so that an API server whose clock runs a
 * little behind ours still accepts a certificate minted a moment ago; five
 * minutes is what the Kubernetes CSR signer uses
 * (https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/certificates/signer/signer.go).
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** SERIAL_NUMBER_BYTES gives 127 random bits, well above the 64 that RFC 5280 and the CA/Browser Forum ask for. */
const SERIAL_NUMBER_BYTES = 16;

const DAY_MS = 24 * 60 * 60 * 1000;

/** CertificateOptions describes the serving certificate to mint along with its CA. */
export interface CertificateOptions {
  /** dnsNames is the complete list of DNS subject alternative names (see serviceDnsNames). */
  dnsNames: string[];
  /** ipAddresses is the complete list of IP subject alternative names (IPv4 or IPv6); two spellings of one address count once. */
  ipAddresses?: string[];
  /** days is the serving certificate's lifetime; it is cut short so it never outlives the CA. */
  days?: number;
  /** caCommonName names the CA; a timestamp is appended so successive CAs have distinct subjects. */
  caCommonName?: string;
  /** now is the issuing time; tests pass a date in the past to mint expired material. */
  now?: Date;
}

/** GeneratedCertificates holds PEM text: a CA and a serving certificate it signed, with their PKCS#8 keys. */
export interface GeneratedCertificates {
  caCert: string;
  caKey: string;
  tlsCert: string;
  tlsKey: string;
}

/**
 * serviceDnsNames lists the names the API server may use to reach a Service
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/):
 * it dials `NAME.NS.svc`, and the others cover clients inside the namespace and
 * fully qualified lookups.
 */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

/**
 * generateCertificates mints a fresh CA and a serving certificate signed by it.
 * Keys come from Node's native RSA generator, off the main thread, because
 * node-forge's pure-JavaScript key generation takes seconds and would stall
 * start-up; node-forge only builds and signs the certificates.
 */
export async function generateCertificates(options: CertificateOptions): Promise<GeneratedCertificates> {
  const dnsNames = [...new Set(options.dnsNames)];
  const ipAddresses = uniqueIpAddresses(options.ipAddresses ?? []);
  const days = options.days ?? DEFAULT_SERVING_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new CertificateError(`days must be a positive whole number, got ${days}`);
  if (dnsNames.length + ipAddresses.length === 0) throw new CertificateError('a serving certificate needs at least one DNS name or IP address');

  // Whole seconds: X.509 times have no fractions, so comparisons stay exact.
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const caNotAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  const tlsNotAfter = new Date(Math.min(now.getTime() + days * DAY_MS, caNotAfter.getTime()));

  const [caPair, tlsPair] = await Promise.all([newKeyPair(), newKeyPair()]);

  // UTF8String, not node-forge's default PrintableString, which has no '@' (nor '*' for a wildcard name):
  // Go's x509 refuses such a certificate, so neither the API server nor kubectl could load it.
  const caSubject = [
    { name: 'commonName', value: `${options.caCommonName ?? 'skupper-webhook-ca'}@${now.getTime() / 1000}`, valueTagClass: UTF8 },
  ];
  const ca = forge.pki.createCertificate();
  ca.publicKey = caPair.publicKey;
  ca.serialNumber = randomSerialNumber();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = caNotAfter;
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caPair.privateKey, forge.md.sha256.create());

  const tls = forge.pki.createCertificate();
  tls.publicKey = tlsPair.publicKey;
  tls.serialNumber = randomSerialNumber();
  tls.validity.notBefore = notBefore;
  tls.validity.notAfter = tlsNotAfter;
  // The common name is informational; clients match the SANs (RFC 6125).
  tls.setSubject([{ name: 'commonName', value: dnsNames[0] ?? ipAddresses[0]?.text ?? '', valueTagClass: UTF8 }]);
  tls.setIssuer(caSubject);
  tls.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...ipAddresses.map(({ bytes }) => ({ type: 7, value: bytes.toString('binary') }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  tls.sign(caPair.privateKey, forge.md.sha256.create());

  return {
    caCert: toPem(ca),
    caKey: caPair.privateKeyPem,
    tlsCert: toPem(tls),
    tlsKey: tlsPair.privateKeyPem,
  };
}

/** IpAddress is an IP SAN: the text asked for, and the bytes the certificate holds. */
interface IpAddress {
  text: string;
  bytes: Buffer;
}

/**
 * uniqueIpAddresses parses addresses and keeps the first of each address:
 * `::` and `0::0` are one SAN, so they are compared by their bytes.
 */
function uniqueIpAddresses(addresses: string[]): IpAddress[] {
  const unique = new Map<string, IpAddress>();
  for (const text of addresses) {
    const bytes = ipAddressBytes(text);
    const key = bytes.toString('hex');
    if (!unique.has(key)) unique.set(key, { text, bytes });
  }
  return [...unique.values()];
}

interface KeyPair {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privateKeyPem: string;
}

/** newKeyPair generates an RSA key natively and hands it to node-forge as PEM. */
async function newKeyPair(): Promise<KeyPair> {
  try {
    const { publicKey, privateKey } = await generateKeyPair('rsa', {
      modulusLength: RSA_MODULUS_LENGTH,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return {
      publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
      privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
      privateKeyPem: privateKey,
    };
  } catch (e) {
    throw new CertificateError('generating an RSA key', { cause: e });
  }
}

/** toPem encodes cert with Unix line endings (node-forge writes CRLF), like the keys and like OpenSSL. */
function toPem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/**
 * randomSerialNumber returns a positive, minimally encoded DER integer as hex:
 * a fixed serial such as "01" makes every certificate from every install look
 * like the same one to clients that cache by issuer and serial.
 */
function randomSerialNumber(): string {
  const bytes = randomBytes(SERIAL_NUMBER_BYTES);
  // Clear the sign bit, and keep the first byte non-zero so the encoding is minimal.
  bytes[0] = (bytes[0] & 0x7f) || 0x01;
  return bytes.toString('hex');
}
