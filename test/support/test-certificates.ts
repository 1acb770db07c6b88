/**
 * Test support: the certificate pairs of the whole run, each a CA and a
 * serving certificate it signed. Mocha runs mochaGlobalSetup once, in its own
 * process, before any test file loads (also under --parallel, before the
 * workers start), and the PEMs reach every worker through the environment, so
 * the keys are minted once per run rather than once per process or file. A
 * file run on its own without this setup mints what it asks for.
 */
import { generateCertificates, type CertificateOptions, type GeneratedCertificates } from '../../src/tls/generate.js';

/** TEST_CERTIFICATES_ENV carries the run's certificates, as JSON, to every test process. */
const TEST_CERTIFICATES_ENV = 'SKUPPER_WEBHOOK_TEST_CERTIFICATES';

/** LOCALHOST names the serving certificates by name and address, as the tests reach their servers. */
const LOCALHOST = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };

/** NOT_YET_VALID_FROM is when the notYetValid pair is issued: its notBefore is then, less the issuer's clock-skew allowance. */
export const NOT_YET_VALID_FROM = new Date('2099-01-01T00:00:00Z');

/**
 * TEST_PAIRS are the pairs a test may ask for, each under its own CA:
 * localhost, the pair the HTTPS tests serve; another, a second valid pair (a
 * rotation's new pair, a new CA); expired, issued in 2000, whose CA has
 * expired too; notYetValid, issued at NOT_YET_VALID_FROM. Short-lived where
 * valid, since a run lasts minutes.
 */
const TEST_PAIRS = {
  localhost: { ...LOCALHOST, days: 2 },
  another: { ...LOCALHOST, days: 2 },
  expired: { ...LOCALHOST, now: new Date('2000-01-01T00:00:00Z') },
  notYetValid: { ...LOCALHOST, now: NOT_YET_VALID_FROM },
} satisfies Record<string, CertificateOptions>;

/** TestPair names one of TEST_PAIRS. */
export type TestPair = keyof typeof TEST_PAIRS;

const minted = new Map<TestPair, Promise<GeneratedCertificates>>();

/** testCertificates returns the run's pair of that name (by default localhost, the one the HTTPS tests serve). */
export function testCertificates(pair: TestPair = 'localhost'): Promise<GeneratedCertificates> {
  let certificates = minted.get(pair);
  if (!certificates) {
    const handed = process.env[TEST_CERTIFICATES_ENV];
    certificates = handed ? Promise.resolve((JSON.parse(handed) as Record<TestPair, GeneratedCertificates>)[pair]) : generateCertificates(TEST_PAIRS[pair]);
    minted.set(pair, certificates);
  }
  return certificates;
}

/** mochaGlobalSetup mints every pair of the run and hands them on through the environment. */
export async function mochaGlobalSetup(): Promise<void> {
  if (process.env[TEST_CERTIFICATES_ENV]) return;
  const names = Object.keys(TEST_PAIRS) as TestPair[];
  const pairs = await Promise.all(names.map((name) => generateCertificates(TEST_PAIRS[name])));
  process.env[TEST_CERTIFICATES_ENV] = JSON.stringify(Object.fromEntries(names.map((name, i) => [name, pairs[i]])));
}
