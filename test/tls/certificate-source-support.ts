/**
 * Fixtures the FileCertificateSource test files (certificate-source-loading
 * and certificate-source-polling) share: the pairs they serve, generated
 * once, and the directories they write them into, with the sources that
 * watch them.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCertificateSource } from '../../src/tls/certificate-source.js';
import { generateCertificates, type GeneratedCertificates } from '../../src/tls/generate.js';

/** INTERVAL_MS keeps polling tests fast; the production default is DEFAULT_RELOAD_INTERVAL_MS. */
export const INTERVAL_MS = 50;

/** serial is the serial number of the certificate in pem. */
export function serial(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}

let fixtures: Promise<GeneratedCertificates[]> | undefined;

/** FUTURE is when the not-yet-valid pair is issued: its notBefore is then, less the issuer's clock-skew allowance. */
export const FUTURE = new Date('2099-01-01T00:00:00Z');

/** pairs generates, once for this process, a current pair a, a current pair b, an expired pair and a pair not valid until FUTURE. */
export function pairs(): Promise<GeneratedCertificates[]> {
  fixtures ??= Promise.all([
    generateCertificates({ dnsNames: ['a.ns.svc'], ipAddresses: ['127.0.0.1'] }),
    generateCertificates({ dnsNames: ['b.ns.svc'] }),
    generateCertificates({ dnsNames: ['old'], now: new Date('2000-01-01T00:00:00Z') }),
    generateCertificates({ dnsNames: ['future'], now: FUTURE }),
  ]);
  return fixtures;
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
