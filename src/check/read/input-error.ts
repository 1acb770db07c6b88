/**
 * InputError is an input `check` could not turn into documents: a file or
 * folder that cannot be read, or text that is not valid YAML or JSON. It
 * names the file and, for a syntax error, the line and column (1-based, as
 * editors count), so the report can point at it; the underlying reason
 * travels in `cause`, and errorMessage() in src/commands/cli-error.ts prints it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  /** file is the input as the user named it ("<stdin>" for standard input). */
  readonly file: string;
  /** line is the 1-based line of a syntax error. */
  readonly line: number | undefined;
  /** column is the 1-based column of a syntax error. */
  readonly column: number | undefined;

  constructor(message: string, options: { file: string; line?: number; column?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }
}

/** isInputError reports whether e is an InputError. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
