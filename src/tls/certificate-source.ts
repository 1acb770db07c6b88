import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { CertificateError } from './errors.js';
import { canonicalIpAddress } from './ip-address.js';

/**
 * DEFAULT_RELOAD_INTERVAL_MS is how often FileCertificateSource re-reads its
 * files. The kubelet refreshes a mounted Secret only every sync period
 * (about a minute, plus its cache TTL), so ten seconds adds little to that
 * delay while costing two small reads.
 */
export const DEFAULT_RELOAD_INTERVAL_MS = 10_000;

/** CertificatePair is a serving certificate and its key, checked to belong together, with the facts worth reporting. */
export interface CertificatePair {
  /** cert is the PEM certificate file as read (it may hold intermediates after the leaf). */
  cert: Buffer;
  /** key is the PEM private key file as read. */
  key: Buffer;
  notBefore: Date;
  /** notAfter is when the served certificate expires; export it as a metric. */
  notAfter: Date;
  /** serialNumber is the leaf's serial in upper-case hex, as OpenSSL prints it. */
  serialNumber: string;
  dnsNames: string[];
  ipAddresses: string[];
}

/** FileCertificateSourceOptions says which files to watch and how often. */
export interface FileCertificateSourceOptions {
  certFile: string;
  keyFile: string;
  /** intervalMs defaults to DEFAULT_RELOAD_INTERVAL_MS. */
  intervalMs?: number;
  /** now is the clock used for the expiry check. */
  now?: () => Date;
}

/** FileCertificateSourceEvents are the events FileCertificateSource emits. */
export interface FileCertificateSourceEvents {
  /** reload carries a pair that has just replaced the current one. */
  reload: [pair: CertificatePair];
  /**
   * error carries the reason a changed pair on disk was rejected; the old pair
   * stays current. It comes once per rejection: polls that find the same
   * rejected bytes failing the same way again emit nothing more.
   */
  error: [error: CertificateError];
}

/**
 * FileCertificateSource serves the certificate pair found in two files and
 * follows changes to them without a restart.
 *
 * It polls instead of watching with inotify because a Secret mounted as a
 * volume changes by the kubelet swapping a `..data` symlink, which file
 * watches on `tls.crt` never see; reading the files resolves the links every
 * time. A poll that finds the same bytes does nothing. Changed bytes are parsed
 * and checked (see parseCertificatePair) before they replace the current pair,
 * so a half-written file or a certificate paired with the wrong key is
 * rejected and the old pair keeps serving until a good one appears.
 *
 * A pair that is not valid yet (notBefore in the future: a certificate
 * issued by a clock ahead of this one) is rejected like any other, and taken
 * at the first poll after it becomes valid, since every poll checks changed
 * bytes afresh; its `error` comes once, as for every rejection.
 *
 * An `error` with no listener is dropped rather than thrown: a bad file on
 * disk must never crash a server that still has a good certificate. Check
 * consecutiveFailures, or listen, to see rejections.
 */
export class FileCertificateSource extends EventEmitter<FileCertificateSourceEvents> {
  readonly certFile: string;
  readonly keyFile: string;
  readonly intervalMs: number;
  private readonly now: () => Date;
  private pair: CertificatePair | undefined;
  private failures = 0;
  /** candidate is the bytes the current load read, and rejected the last rejection reported: together they tell a new rejection from a repeat. */
  private candidate: { cert: Buffer; key: Buffer } | undefined;
  private rejected: { reason: string; cert: Buffer | undefined; key: Buffer | undefined } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(options: FileCertificateSourceOptions) {
    super();
    this.certFile = options.certFile;
    this.keyFile = options.keyFile;
    this.intervalMs = options.intervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
    this.now = options.now ?? (() => new Date());
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
  }

  /** current returns the pair being served, or undefined before the first successful load. */
  current(): CertificatePair | undefined {
    return this.pair;
  }

  /** consecutiveFailures counts the polls in a row that found a changed pair and rejected it; a good load resets it. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * load reads both files and, if their bytes differ from the current pair's,
   * checks them and makes them current, emitting `reload`. It returns the pair
   * now current and throws a CertificateError, leaving the current pair in
   * place, when the files cannot be read or do not form a valid pair.
   */
  async load(): Promise<CertificatePair> {
    this.candidate = undefined;
    const [cert, key] = await Promise.all([readPem(this.certFile), readPem(this.keyFile)]);
    this.candidate = { cert, key };
    if (this.pair && cert.equals(this.pair.cert) && key.equals(this.pair.key)) {
      this.settled();
      return this.pair;
    }
    const pair = parseCertificatePair(cert, key, { certFile: this.certFile, keyFile: this.keyFile, now: this.now() });
    this.pair = pair;
    this.settled();
    this.emit('reload', pair);
    return pair;
  }

  /** settled records that the files hold the pair being served: the next rejection, even of bytes rejected before, is news. */
  private settled(): void {
    this.failures = 0;
    this.rejected = undefined;
  }

  /** isRepeat says whether error is the rejection reported last, of the same bytes, and records it otherwise. */
  private isRepeat(error: CertificateError): boolean {
    const reason = `${error.message}: ${error.cause instanceof Error ? error.cause.message : ''}`;
    const { cert, key } = this.candidate ?? {};
    const last = this.rejected;
    const same = (a: Buffer | undefined, b: Buffer | undefined) => (a === undefined ? b === undefined : b !== undefined && a.equals(b));
    if (last && last.reason === reason && same(last.cert, cert) && same(last.key, key)) return true;
    this.rejected = { reason, cert, key };
    return false;
  }

  /** start loads the first pair (throwing a CertificateError if it cannot) and then polls every intervalMs until stop. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.load();
    } catch (e) {
      this.running = false;
      throw e;
    }
    if (this.running) this.schedule(); // unless stop() came first
  }

  /** stop ends polling; the current pair stays available. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    // One timer at a time, re-armed after each poll, so a slow disk never stacks polls.
    const timer = setTimeout(() => void this.poll(timer), this.intervalMs);
    // Polling must never be what keeps the process alive.
    timer.unref();
    this.timer = timer;
  }

  private async poll(timer: NodeJS.Timeout): Promise<void> {
    try {
      await this.load();
    } catch (e) {
      if (this.timer !== timer) return; // stopped while reading
      this.failures++;
      const error = e instanceof CertificateError ? e : new CertificateError('reloading certificates', { cause: e });
      if (!this.isRepeat(error) && this.listenerCount('error') > 0) this.emit('error', error);
    }
    // A stop (or a stop and a new start) while reading owns the timer now.
    if (this.running && this.timer === timer) this.schedule();
  }
}

/**
 * parseCertificatePair checks that cert and key form a pair a TLS server can
 * serve right now: the certificate parses, the key parses, the key belongs to
 * the certificate, the certificate is valid now (not before its notBefore,
 * as Go's TLS client, the API server's, checks; not after its notAfter), and
 * Node's TLS layer accepts the two together.
 */
export function parseCertificatePair(
  cert: Buffer,
  key: Buffer,
  context: { certFile: string; keyFile: string; now?: Date },
): CertificatePair {
  const { certFile, keyFile } = context;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new CertificateError(`parsing ${certFile}`, { cause: e, file: certFile });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    throw new CertificateError(`parsing ${keyFile}`, { cause: e, file: keyFile });
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new CertificateError(`${keyFile} is not the private key of the certificate in ${certFile}`, { file: keyFile });
  }
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  const now = context.now ?? new Date();
  if (notAfter.getTime() <= now.getTime()) {
    throw new CertificateError(`the certificate in ${certFile} expired at ${notAfter.toISOString()}`, { file: certFile });
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new CertificateError(`the certificate in ${certFile} is not valid until ${notBefore.toISOString()}`, { file: certFile });
  }
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new CertificateError(`using ${certFile} and ${keyFile} for TLS`, { cause: e, file: certFile });
  }
  const altNames = parseSubjectAltName(x509.subjectAltName);
  return {
    cert,
    key,
    notBefore,
    notAfter,
    serialNumber: x509.serialNumber,
    dnsNames: altNames.filter((n) => n.startsWith('DNS:')).map((n) => n.slice('DNS:'.length)),
    ipAddresses: altNames.filter((n) => n.startsWith('IP Address:')).map((n) => canonicalIpAddress(n.slice('IP Address:'.length))),
  };
}

/** readPem reads a file through any symlinks, naming the file in the error. */
async function readPem(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new CertificateError(`reading ${file}`, { cause: e, file });
  }
}

/** parseSubjectAltName splits Node's "DNS:a, IP Address:127.0.0.1" rendering into entries. */
function parseSubjectAltName(text: string | undefined): string[] {
  if (!text) return [];
  return text.split(', ').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}
