/**
 * parseBenchArgs is node:util's parseArgs for the bench scripts, with a
 * usage line for --help and a one-line error, exit 2, for a bad option
 * (parseArgs alone throws a stack trace); fail is the one-line error every
 * script ends with: exit 2 for what it was asked, 1 for a run that failed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export function parseBenchArgs(script, config) {
  const usage = () =>
    `usage: node bench/${script} ${config.allowPositionals ? '[A B] ' : ''}` +
    Object.entries(config.options)
      .map(([name, option]) => `[--${name}${option.type === 'string' ? ` ${name.toUpperCase()}` : ''}]`)
      .join(' ') +
    '\n(see the comment at the top of the script, and docs/performance.md)\n';
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(usage());
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (e) {
    // Only parseArgs's first sentence: its advice on positionals that start with '-' does not apply here.
    return fail(script, `${e.message.split(/\.\s/)[0]} (--help lists the options)`);
  }
}

/** fail prints `script: message` on one line and exits with code (2: a bad option or argument; 1: the run failed). */
export function fail(script, message, code = 2) {
  process.stderr.write(`${path.basename(script, '.js')}: ${message}\n`);
  process.exit(code);
}

/** failed is fail for an error that ended a run: its message, exit 1. */
export function failed(script, error) {
  return fail(script, error instanceof Error ? error.message : String(error), 1);
}
