/**
 * runCli is the skupper-webhook command line: it parses arguments and
 * dispatches to one of the commands in src/commands/. Every failure leaves as
 * one line on stderr and an exit code from ExitCode; nothing here prints a
 * stack trace.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { isCliError } from './commands/cli-error.js';
import { errorMessage } from './core/error-message.js';
import { ExitCode } from './commands/exit-codes.js';
import { normalizeArgv } from './commands/argv.js';
import type { CliIo } from './commands/cli-io.js';

/**
 * COMMANDS load each command's module, in the order help lists them. Only the
 * command that runs is loaded: `check` brings the YAML readers and `certs`
 * node-forge, which `serve` never needs.
 */
const COMMANDS: Readonly<Record<string, () => Promise<{ register(program: Command, io: CliIo): void }>>> = {
  serve: () => import('./commands/serve/serve.js'),
  certs: () => import('./commands/certs.js'),
  'ca-bundle': () => import('./commands/ca-bundle.js'),
  check: () => import('./commands/check.js'),
};

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * buildProgram assembles the commander program: with only the named command
 * when the arguments start with one, else with every command (for the help,
 * and for commander's "did you mean" on a mistyped name).
 */
async function buildProgram(commandName: string | undefined, io: CliIo): Promise<Command> {
  const program = new Command('skupper-webhook')
    .description('Admission webhook for Skupper Listeners, MultiKeyListeners, Connectors, AttachedConnectors and AttachedConnectorBindings')
    .version(version)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  const names = commandName !== undefined && Object.hasOwn(COMMANDS, commandName) ? [commandName] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((name) => COMMANDS[name]!()));
  for (const module of modules) module.register(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** runCli runs the command line args (without node and the script) with io, and resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const normalized = normalizeArgv(args);
    const program = await buildProgram(normalized[0], io);
    await program.parseAsync(normalized, { from: 'user' });
    return io.exitCode ?? ExitCode.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has already printed its one-line message (or the help).
      const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
      return ok ? ExitCode.OK : ExitCode.USAGE;
    }
    io.stderr.write(`skupper-webhook: error: ${errorMessage(e)}\n`);
    return isCliError(e) ? e.exitCode : ExitCode.FAILURE;
  }
}
