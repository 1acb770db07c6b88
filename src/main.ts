#!/usr/bin/env node
/**
 * The skupper-webhook command line: parses arguments and dispatches to one of
 * the commands in src/commands/. Every failure leaves as one line on stderr and
 * an exit code from ExitCode; nothing here prints a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { errorMessage, isCliError } from './cli/cli-error.js';
import { ExitCode } from './cli/exit-codes.js';
import { normalizeArgv } from './cli/argv.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerCerts } from './commands/certs.js';
import { register as registerCaBundle } from './commands/ca-bundle.js';
import { register as registerCheck } from './commands/check.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** buildProgram assembles the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('skupper-webhook')
    .description('Admission webhook for Skupper AttachedConnectorBindings and Listeners')
    .version(version)
    .exitOverride();
  registerServe(program);
  registerCerts(program);
  registerCaBundle(program);
  registerCheck(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv.slice(0, 2), ...normalizeArgv(argv.slice(2))]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed its one-line message (or the help).
      const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      process.exitCode = ok ? ExitCode.OK : ExitCode.USAGE;
      return;
    }
    process.stderr.write(`skupper-webhook: error: ${errorMessage(e)}\n`);
    process.exitCode = isCliError(e) ? e.exitCode : ExitCode.FAILURE;
  }
}

void main(process.argv);
