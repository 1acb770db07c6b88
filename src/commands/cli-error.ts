import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * CliError is an error the CLI reports as one line on stderr and turns into
 * an exit code, never a stack trace. Commands throw it for anything the user
 * can fix (a missing file, a bad flag value).
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.USAGE,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** isCliError reports whether e is a CliError. */
export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}

/**
 * errorMessage turns anything thrown into one line of text, following the
 * cause chain ("reading certs/tls.crt: ENOENT: no such file or directory").
 * It is the only place errors become text; never JSON.stringify an error.
 */
export function errorMessage(e: unknown): string {
  const parts: string[] = [];
  let current: unknown = e;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      if (current.message && !parts.includes(current.message)) parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return (parts.join(': ') || 'unknown error').replace(/\s*\n\s*/g, ' ');
}
