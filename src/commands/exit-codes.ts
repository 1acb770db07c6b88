/**
 * ExitCode lists every exit status the CLI uses; the README's "Exit codes"
 * table documents the same values, so change both together.
 */
export const ExitCode = {
  /** OK: the command did what was asked (for `check`: everything admitted). */
  OK: 0,
  /** DENIED: `check` found at least one document the webhook would deny. */
  DENIED: 1,
  /** USAGE: bad flags, or a file that cannot be read or parsed. */
  USAGE: 2,
  /** FAILURE: the command could not complete (for example the API server refused a patch). */
  FAILURE: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
