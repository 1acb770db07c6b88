/**
 * InputError as the readers make it and as `check` prints it: the input as the
 * user named it, a syntax error's place counted from 1 as editors count, and
 * the underlying reason in the one line errorMessage makes of it.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeUtf8 } from '../../../src/check/read/decode-utf8.js';
import { InputError, isInputError } from '../../../src/check/read/input-error.js';
import { parseDocuments } from '../../../src/check/read/parse-documents.js';
import { readInputs } from '../../../src/check/read/read-inputs.js';
import { errorMessage } from '../../../src/core/error-message.js';

describe('InputError', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'input-error-test-'));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  context('when an input cannot be read', () => {
    it('names the input as given and reads as one line with the reason', async () => {
      const missing = path.join(dir, 'missing.yaml');
      const found: unknown[] = [];
      for await (const input of readInputs([missing])) found.push(input);
      expect(found).to.have.length(1);
      const error = found[0];
      expect(isInputError(error)).to.equal(true);
      expect({ file: (error as InputError).file, line: (error as InputError).line, text: errorMessage(error) }).to.deep.equal({
        file: missing,
        line: undefined,
        text: `cannot read: ENOENT: no such file or directory, stat '${missing}'`,
      });
    });
  });

  context('when a text does not parse', () => {
    it('places the error at its 1-based line and column', () => {
      const { errors } = parseDocuments('a.yaml', 'kind: Listener\nspec:\n  port: [1\n');
      expect(errors.map((e) => ({ file: e.file, line: e.line, column: e.column }))).to.deep.equal([{ file: 'a.yaml', line: 4, column: 1 }]);
      expect(errors.every(isInputError)).to.equal(true);
    });

    it('places bytes that are not UTF-8 at their line and column', () => {
      const error = decodeUtf8('b.yaml', Buffer.from([0x61, 0x0a, 0x62, 0x63, 0xff]));
      expect(isInputError(error) && { line: error.line, column: error.column, message: error.message }).to.deep.equal({
        line: 2,
        column: 3,
        message: 'not valid UTF-8: byte 0xff at offset 4',
      });
    });
  });

  context('when there is no underlying reason', () => {
    it('reads as its message alone', () => {
      const error = new InputError('document 1: .inf is not a number JSON can hold', { file: 'c.yaml' });
      expect([errorMessage(error), 'cause' in error]).to.deep.equal(['document 1: .inf is not a number JSON can hold', false]);
    });
  });
});

describe('isInputError', () => {
  it('tells an InputError from what else a reader yields', () => {
    expect([isInputError(new InputError('x', { file: 'a' })), isInputError({ name: 'a.yaml', text: '' }), isInputError(new Error('x'))]).to.deep.equal([
      true,
      false,
      false,
    ]);
  });
});
