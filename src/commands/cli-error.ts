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

/**
 * isCliError reports whether e is a CliError, by its name and exit code
 * rather than instanceof: a module loaded twice (by require and by import,
 * as a test runner may) has two CliError classes, and an error from either is
 * still the user's.
 */
export function isCliError(e: unknown): e is CliError {
  return e instanceof Error && e.name === 'CliError' && typeof (e as Partial<CliError>).exitCode === 'number';
}
