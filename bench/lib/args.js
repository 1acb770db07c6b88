/**
 * parseBenchArgs is node:util's parseArgs for the bench scripts, with a
 * usage line for --help and a one-line error, exit 2, for a bad option
 * (parseArgs alone throws a stack trace).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export function parseBenchArgs(script, config) {
  const usage = () =>
    `usage: node bench/${script} ${config.allowPositionals ? '[A B] ' : ''}` +
    Object.entries(config.options)
      .map(([name, option]) => `[--${name}${option.type === 'string' ? ` ${name.toUpperCase()}` : ''}]`)
      .join(' ') +
    '\n(see the comment at the top of the script, and README, Performance)\n';
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(usage());
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (e) {
    process.stderr.write(`${path.basename(script)}: ${e.message}\n${usage()}`);
    process.exit(2);
  }
}
