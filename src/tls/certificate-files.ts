import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateError } from './errors.js';
import type { GeneratedCertificates } from './generate.js';

/**
 * CertificateFileNames are the names inside a certificate directory. They are
 * the keys of a `kubernetes.io/tls` Secret (plus `ca.crt`, as cert-manager
 * writes), so a Secret mounted as a volume and a directory written by the
 * `certs` command look the same to the server.
 */
export const CertificateFileNames = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  tlsCert: 'tls.crt',
  tlsKey: 'tls.key',
} as const;

/** PRIVATE_KEY_MODE lets only the owner read a private key. */
export const PRIVATE_KEY_MODE = 0o600;

/** CERTIFICATE_MODE lets anyone read a certificate: it is public. */
export const CERTIFICATE_MODE = 0o644;

/** DIRECTORY_MODE applies only to a directory we create: it holds private keys. */
const DIRECTORY_MODE = 0o700;

/** DEV_DNS_NAMES and DEV_IP_ADDRESSES are what a developer's client dials when the server runs on their machine. */
const DEV_DNS_NAMES = ['localhost'];
const DEV_IP_ADDRESSES = ['127.0.0.1', '::1'];

/** CertificatePaths are the four files of a certificate directory. */
export type CertificatePaths = { [K in keyof typeof CertificateFileNames]: string };

/** DevCertificates says which files `serve` should use and whether they were just created. */
export interface DevCertificates {
  certFile: string;
  keyFile: string;
  /** caFile is the CA to trust, or undefined when the directory held a serving pair but no ca.crt. */
  caFile: string | undefined;
  /** generated is true when ensureDevCertificates minted the files on this call. */
  generated: boolean;
}

/** certificatePaths returns where the four files of dir live. */
export function certificatePaths(dir: string): CertificatePaths {
  return {
    caCert: join(dir, CertificateFileNames.caCert),
    caKey: join(dir, CertificateFileNames.caKey),
    tlsCert: join(dir, CertificateFileNames.tlsCert),
    tlsKey: join(dir, CertificateFileNames.tlsKey),
  };
}

/** existingCertificateFiles lists which of dir's four files already exist (a dangling symlink counts). */
export async function existingCertificateFiles(dir: string): Promise<string[]> {
  const paths = Object.values(certificatePaths(dir));
  const present = await Promise.all(paths.map((path) => exists(path)));
  return paths.filter((_, i) => present[i]);
}

/**
 * writeCertificateFiles writes the four files into dir, creating it if needed.
 * Each file is written to a temporary name and then moved into place, so a
 * server polling the directory never reads half a file. Without force an
 * existing file is never replaced (the move is a hard link, which fails if the
 * name is taken); with force it is replaced atomically.
 */
export async function writeCertificateFiles(
  dir: string,
  certificates: GeneratedCertificates,
  options: { force?: boolean } = {},
): Promise<CertificatePaths> {
  const paths = certificatePaths(dir);
  const force = options.force ?? false;
  if (!force) {
    const existing = await existingCertificateFiles(dir);
    if (existing.length > 0) {
      throw new CertificateError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}`, { file: existing[0] });
    }
  }
  try {
    // mkdir's mode passes through the umask; set it outright on the directory we made (it is the last one created).
    const created = await mkdir(dir, { recursive: true, mode: DIRECTORY_MODE });
    if (created !== undefined) await chmod(dir, DIRECTORY_MODE);
  } catch (e) {
    throw new CertificateError(`creating ${dir}`, { cause: e, file: dir });
  }
  // The serving key goes in before its certificate: a poller that catches the
  // two halfway sees a mismatched pair, which it rejects and retries.
  await placeFile(paths.caCert, certificates.caCert, CERTIFICATE_MODE, force);
  await placeFile(paths.caKey, certificates.caKey, PRIVATE_KEY_MODE, force);
  await placeFile(paths.tlsKey, certificates.tlsKey, PRIVATE_KEY_MODE, force);
  await placeFile(paths.tlsCert, certificates.tlsCert, CERTIFICATE_MODE, force);
  return paths;
}

/**
 * ensureDevCertificates makes dir usable by `serve` on a developer's machine:
 * when dir has no tls.crt and tls.key it writes a fresh CA and a serving
 * certificate for localhost, 127.0.0.1 and ::1; when it has both it leaves them
 * alone. Half a pair, or a stray ca.crt/ca.key next to a missing pair, is an
 * error rather than something to overwrite.
 */
export async function ensureDevCertificates(dir: string): Promise<DevCertificates> {
  const paths = certificatePaths(dir);
  const [hasCert, hasKey, hasCa] = await Promise.all([exists(paths.tlsCert), exists(paths.tlsKey), exists(paths.caCert)]);
  if (hasCert && hasKey) {
    return { certFile: paths.tlsCert, keyFile: paths.tlsKey, caFile: hasCa ? paths.caCert : undefined, generated: false };
  }
  if (hasCert || hasKey) {
    const [present, missing] = hasCert ? [paths.tlsCert, paths.tlsKey] : [paths.tlsKey, paths.tlsCert];
    throw new CertificateError(`${missing} is missing but ${present} exists; supply both or remove ${present}`, { file: missing });
  }
  const stray = await existingCertificateFiles(dir);
  if (stray.length > 0) {
    throw new CertificateError(`${stray.join(' and ')} ${stray.length === 1 ? 'exists' : 'exist'} without tls.crt and tls.key; remove to generate a development CA`, {
      file: stray[0],
    });
  }
  // Loaded only to mint: node-forge is most of serve's start-up when it is not needed.
  const { generateCertificates } = await import('./generate.js');
  const certificates = await generateCertificates({ dnsNames: DEV_DNS_NAMES, ipAddresses: DEV_IP_ADDRESSES });
  await writeCertificateFiles(dir, certificates);
  return { certFile: paths.tlsCert, keyFile: paths.tlsKey, caFile: paths.caCert, generated: true };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CertificateError(`checking ${path}`, { cause: e, file: path });
  }
}

async function placeFile(path: string, content: string, mode: number, force: boolean): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    // The mode given to writeFile passes through the umask (077 would make certificates 0600); chmod does not.
    await chmod(temporary, mode);
    if (force) {
      await rename(temporary, path);
    } else {
      await link(temporary, path);
    }
  } catch (e) {
    throw new CertificateError(`writing ${path}`, { cause: e, file: path });
  } finally {
    await rm(temporary, { force: true });
  }
}
