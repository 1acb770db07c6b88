import { expect } from 'chai';
import { InputError, isInputError } from '../../../src/check/read/input-error.js';
import { errorMessage } from '../../../src/core/error-message.js';

describe('InputError', () => {
  it('names itself and keeps the place and the cause', () => {
    const cause = new Error('ENOENT: no such file or directory');
    const error = new InputError('cannot read', { file: 'a.yaml', line: 3, column: 2, cause });
    expect({ name: error.name, file: error.file, line: error.line, column: error.column, cause: error.cause }).to.deep.equal({
      name: 'InputError',
      file: 'a.yaml',
      line: 3,
      column: 2,
      cause,
    });
    expect(error).to.be.instanceOf(Error);
  });

  it('reads as one line through errorMessage', () => {
    expect(errorMessage(new InputError('cannot read', { file: 'a', cause: new Error('EACCES: permission denied') }))).to.equal(
      'cannot read: EACCES: permission denied',
    );
  });

  context('when there is no cause', () => {
    it('has no cause property at all', () => {
      expect(new InputError('bad', { file: 'a' })).not.to.have.property('cause');
    });
  });
});

describe('isInputError', () => {
  it('tells an InputError from other errors', () => {
    expect([isInputError(new InputError('x', { file: 'a' })), isInputError(new Error('x')), isInputError('x')]).to.deep.equal([true, false, false]);
  });
});
