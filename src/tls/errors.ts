/**
 * CertificateError is anything wrong with certificate material: a file that
 * cannot be read or written, PEM that does not parse, a key that does not
 * belong to its certificate, a certificate that has expired. The message says
 * what was being done and to which file ("reading certs/tls.crt"); the
 * underlying reason travels in `cause`, so errorMessage() in
 * src/commands/cli-error.ts prints the whole line
 * ("reading certs/tls.crt: ENOENT: no such file or directory, open 'certs/tls.crt'").
 */
export class CertificateError extends Error {
  override readonly name = 'CertificateError';

  /** file is the path the error is about, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.file = options?.file;
  }
}

/** isCertificateError reports whether e is a CertificateError. */
export function isCertificateError(e: unknown): e is CertificateError {
  return e instanceof CertificateError;
}
