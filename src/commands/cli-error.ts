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
