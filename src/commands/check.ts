import type { Command } from 'commander';
import { CliError } from '../cli/cli-error.js';

/** register adds the `check` command to program (placeholder until it is built). */
export function register(program: Command): void {
  program
    .command('check')
    .description('not built yet')
    .action(() => {
      throw new CliError('check is not built yet');
    });
}
