import { expect } from 'chai';
import { CommanderError } from 'commander';
import { CliError, isCliError } from '../../src/commands/cli-error.js';
import { ExitCode } from '../../src/commands/exit-codes.js';

describe('CliError', () => {
  it('is a usage error (exit 2) unless told otherwise', () => {
    expect(new CliError('bad flag').exitCode).to.equal(ExitCode.USAGE);
    expect(new CliError('cannot listen', ExitCode.FAILURE).exitCode).to.equal(ExitCode.FAILURE);
  });

  context('isCliError', () => {
    it('recognises a CliError', () => {
      expect(isCliError(new CliError('bad flag'))).to.equal(true);
    });

    it('recognises a CliError of another copy of the module, as a test runner may load it twice', () => {
      class OtherCliError extends Error {
        override readonly name = 'CliError';
        readonly exitCode = ExitCode.USAGE;
      }
      expect(isCliError(new OtherCliError('bad flag'))).to.equal(true);
    });

    it('refuses any other error, and anything that is not an error', () => {
      expect(isCliError(new Error('boom'))).to.equal(false);
      expect(isCliError(new CommanderError(1, 'commander.error', 'bad'))).to.equal(false);
      expect(isCliError({ name: 'CliError', exitCode: 2 })).to.equal(false);
      expect(isCliError(undefined)).to.equal(false);
    });
  });
});
