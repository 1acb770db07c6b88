/**
 * CliIo is what a command reads and writes besides its arguments: the
 * process's streams and environment when the CLI runs, or a test's, so that a
 * command can be run and its output read without starting a process.
 */

/** OutputStream is where a command writes: stdout, stderr, or a test's buffer. */
export interface OutputStream {
  write(text: string): unknown;
  /** isTTY is true for a terminal, whose output may be coloured. */
  isTTY?: boolean;
}

/** CliIo holds a run's streams and environment, and the exit code its command sets. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** exitCode is set by a command that ends with a code of its own (check's verdict); 0 when unset. */
  exitCode?: number;
}

/** processIo is the running process's: its streams (stdin opened only when read) and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
  };
}
