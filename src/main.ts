#!/usr/bin/env node
/**
 * The skupper-webhook executable: the command line (src/cli.ts) on
 * this process's arguments, streams and environment.
 */
import { runCli } from './cli.js';
import { processIo } from './commands/cli-io.js';
import { errorMessage } from './core/error-message.js';
import { ExitCode } from './commands/exit-codes.js';

// A reader that left (`check ... | head`) wants no more output: the run ends as it would have, silently,
// rather than as an unhandled EPIPE and its stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    if (stream !== process.stderr) process.stderr.write(`skupper-webhook: error: writing output: ${errorMessage(e)}\n`);
    process.exitCode = ExitCode.FAILURE;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
