/**
 * Test support: one CA and one localhost serving pair for the whole run.
 * Mocha runs mochaGlobalSetup once, in its own process, before any test file
 * loads (also under --parallel, before the workers start), and the PEMs reach
 * every worker through the environment, so the keys are minted once per run
 * rather than once per process. A file run on its own without this setup
 * mints its own.
 */
import { generateCertificates, type GeneratedCertificates } from '../../src/tls/generate.js';

/** TEST_CERTIFICATES_ENV carries the run's certificates, as JSON, to every test process. */
const TEST_CERTIFICATES_ENV = 'SKUPPER_WEBHOOK_TEST_CERTIFICATES';

/** TEST_CERTIFICATE_OPTIONS: localhost by name and address, short-lived, since a run lasts minutes. */
const TEST_CERTIFICATE_OPTIONS = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 2 };

let cached: Promise<GeneratedCertificates> | undefined;

/** testCertificates returns the run's CA and localhost serving pair. */
export function testCertificates(): Promise<GeneratedCertificates> {
  const handed = process.env[TEST_CERTIFICATES_ENV];
  cached ??= handed ? Promise.resolve(JSON.parse(handed) as GeneratedCertificates) : generateCertificates(TEST_CERTIFICATE_OPTIONS);
  return cached;
}

/** mochaGlobalSetup mints the run's certificates and hands them on through the environment. */
export async function mochaGlobalSetup(): Promise<void> {
  process.env[TEST_CERTIFICATES_ENV] ??= JSON.stringify(await generateCertificates(TEST_CERTIFICATE_OPTIONS));
}
