/**
 * Fixtures the FileCertificateSource test files (certificate-source-loading
 * and certificate-source-polling) share: the pairs they serve, which are the
 * run's (test/support/test-certificates.ts), and the directories they write
 * them into, with the sources that watch them.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCertificateSource } from '../../src/tls/certificate-source.js';
import type { GeneratedCertificates } from '../../src/tls/generate.js';
import { testCertificates } from '../support/test-certificates.js';

/** INTERVAL_MS keeps polling tests fast; the production default is DEFAULT_RELOAD_INTERVAL_MS. */
export const INTERVAL_MS = 50;

/** serial is the serial number of the certificate in pem. */
export function serial(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}

/** pairs returns the run's current pair a (localhost), current pair b (another), expired pair and pair not valid until NOT_YET_VALID_FROM (test-certificates.ts). */
export function pairs(): Promise<GeneratedCertificates[]> {
  return Promise.all((['localhost', 'another', 'expired', 'notYetValid'] as const).map((pair) => testCertificates(pair)));
}

/**
 * CertificateDirs holds a test file's pair directories under one temporary
 * root, and the sources that watch them: call create() in before() and
 * remove() in after(). watch and pairDir are bound, so that tests can call
 * them bare.
 */
export class CertificateDirs {
  root = '';
  private made = 0;
  private readonly sources: FileCertificateSource[] = [];

  /** create makes the temporary root. */
  async create(): Promise<void> {
    this.root = await mkdtemp(join(tmpdir(), 'certificate-source-test-'));
  }

  /** watch creates a source for dir's tls.crt/tls.key that remove() stops. */
  readonly watch = (dir: string, intervalMs = INTERVAL_MS, now?: () => Date): FileCertificateSource => {
    const source = new FileCertificateSource({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), intervalMs, now });
    this.sources.push(source);
    return source;
  };

  /** pairDir writes a serving pair into a fresh directory. */
  readonly pairDir = async (certs: GeneratedCertificates): Promise<string> => {
    const dir = join(this.root, `pair-${this.made++}`);
    await mkdir(dir);
    await writeFile(join(dir, 'tls.crt'), certs.tlsCert);
    await writeFile(join(dir, 'tls.key'), certs.tlsKey);
    return dir;
  };

  /** remove stops every source watch created and deletes the root. */
  async remove(): Promise<void> {
    for (const source of this.sources) source.stop();
    await rm(this.root, { recursive: true, force: true });
  }
}
