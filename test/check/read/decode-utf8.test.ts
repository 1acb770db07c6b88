import { expect } from 'chai';
import { decodeUtf8 } from '../../../src/check/read/decode-utf8.js';
import { InputError } from '../../../src/check/read/input-error.js';

/** decoded drops an InputError to what a reader checks: place and message. */
function decoded(bytes: Buffer): unknown {
  const result = decodeUtf8('f.yaml', bytes);
  return result instanceof InputError ? { file: result.file, line: result.line, column: result.column, message: result.message } : result;
}

describe('decodeUtf8', () => {
  const cases: { name: string; bytes: Buffer; expected: unknown }[] = [
    { name: 'UTF-8 is its text', bytes: Buffer.from('a: héllo ✓\n'), expected: 'a: héllo ✓\n' },
    { name: 'a byte order mark stays for the parser', bytes: Buffer.from('\uFEFFa: 1'), expected: '\uFEFFa: 1' },
    { name: 'a U+FFFD written as such is text', bytes: Buffer.from('a: \uFFFD\n'), expected: 'a: \uFFFD\n' },
    {
      name: 'a byte that starts no character is refused at its line and column',
      bytes: Buffer.concat([Buffer.from('a: 1\nb: é'), Buffer.from([0xff]), Buffer.from('\n')]),
      expected: { file: 'f.yaml', line: 2, column: 5, message: 'not valid UTF-8: byte 0xff at offset 10' },
    },
    {
      name: 'a sequence cut short is refused at its first byte',
      bytes: Buffer.concat([Buffer.from('x: '), Buffer.from([0xe2, 0x28, 0xa1])]),
      expected: { file: 'f.yaml', line: 1, column: 4, message: 'not valid UTF-8: byte 0xe2 at offset 3' },
    },
    {
      name: 'a U+FFFD written as such before it does not move the place',
      bytes: Buffer.concat([Buffer.from('\uFFFD\n\uFFFDx'), Buffer.from([0xc3])]),
      expected: { file: 'f.yaml', line: 2, column: 3, message: 'not valid UTF-8: byte 0xc3 at offset 8' },
    },
    {
      name: 'UTF-16 is not UTF-8',
      bytes: Buffer.from('\uFEFFa: 1', 'utf16le'),
      expected: { file: 'f.yaml', line: 1, column: 1, message: 'not valid UTF-8: byte 0xff at offset 0' },
    },
  ];

  for (const { name, bytes, expected } of cases) {
    it(name, () => {
      expect(decoded(bytes)).to.deep.equal(expected);
    });
  }
});
