import { expect } from 'chai';
import { type GoParse, parseBigInt, parseDecimalFloat, parseInt, parseUint } from '../../../src/check/read/go-strconv.js';

const ok = <T>(value: T): GoParse<T> => ({ ok: true, value });
const SYNTAX = { ok: false, error: 'syntax' } as const;
const RANGE = { ok: false, error: 'range' } as const;

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

describe('go-strconv', () => {
  describe('parseUint (base 0)', () => {
    const cases: [string, string, GoParse<bigint>][] = [
      ['decimal', '1234', ok(1234n)],
      ['a lone 0', '0', ok(0n)],
      ['a leading 0 is octal', '017', ok(15n)],
      ['an octal 8 is a syntax error', '08', SYNTAX],
      ['0x is hexadecimal, either case', '0X1f', ok(31n)],
      ['0o is octal', '0o17', ok(15n)],
      ['0b is binary', '0b101', ok(5n)],
      ['a prefix without digits is octal, and x no octal digit', '0x', SYNTAX],
      ['the empty string', '', SYNTAX],
      ['a sign, which only ParseInt reads', '+1', SYNTAX],
      ['a letter among the digits', '12a', SYNTAX],
      ['the largest uint64', UINT64_MAX.toString(), ok(UINT64_MAX)],
      ['one past it is out of range', (UINT64_MAX + 1n).toString(), RANGE],
      ['out of range is decided before a later bad digit', `${UINT64_MAX}0x`, RANGE],
    ];
    for (const [name, text, expected] of cases) {
      it(`${name}: ${JSON.stringify(text)}`, () => {
        expect(parseUint(text, 0)).to.deep.equal(expected);
      });
    }
  });

  describe('parseUint (base 2)', () => {
    const cases: [string, GoParse<bigint>][] = [
      ['101', ok(5n)],
      ['0b101', SYNTAX],
      ['102', SYNTAX],
      ['1'.repeat(64), ok(UINT64_MAX)],
      ['1'.repeat(65), RANGE],
    ];
    for (const [text, expected] of cases) {
      it(`reads ${JSON.stringify(text.length > 20 ? `${text.length} ones` : text)} as ${JSON.stringify(expected, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`, () => {
        expect(parseUint(text, 2)).to.deep.equal(expected);
      });
    }
  });

  describe('parseInt', () => {
    const cases: [string, string, 0 | 2, GoParse<bigint>][] = [
      ['a plus sign', '+12', 0, ok(12n)],
      ['a minus sign', '-12', 0, ok(-12n)],
      ['a signed prefix', '-0x10', 0, ok(-16n)],
      ['a signed binary digit string', '-101', 2, ok(-5n)],
      ['the largest int64', INT64_MAX.toString(), 0, ok(INT64_MAX)],
      ['one past it', (INT64_MAX + 1n).toString(), 0, RANGE],
      ['the smallest int64', (-INT64_MAX - 1n).toString(), 0, ok(-INT64_MAX - 1n)],
      ['one below it', (-INT64_MAX - 2n).toString(), 0, RANGE],
      ['past uint64 too', '99999999999999999999', 0, RANGE],
      ['a sign alone', '-', 0, SYNTAX],
      ['two signs', '--1', 0, SYNTAX],
      ['the empty string', '', 0, SYNTAX],
    ];
    for (const [name, text, base, expected] of cases) {
      it(`${name}: ${JSON.stringify(text)}`, () => {
        expect(parseInt(text, base)).to.deep.equal(expected);
      });
    }
  });

  describe('parseBigInt', () => {
    const cases: [string, string, GoParse<bigint>][] = [
      ['any size', '18446744073709551616', ok(2n ** 64n)],
      ['a prefix', '0x10000000000000000', ok(2n ** 64n)],
      ['octal', '0777', ok(511n)],
      ['no sign', '-1', SYNTAX],
      ['the empty string', '', SYNTAX],
    ];
    for (const [name, text, expected] of cases) {
      it(`${name}: ${JSON.stringify(text)}`, () => {
        expect(parseBigInt(text)).to.deep.equal(expected);
      });
    }
  });

  describe('parseDecimalFloat', () => {
    const cases: [string, string, GoParse<number>][] = [
      ['a fraction', '1.5', ok(1.5)],
      ['a leading dot', '.5', ok(0.5)],
      ['a trailing dot', '5.', ok(5)],
      ['an exponent', '1e3', ok(1000)],
      ['a signed mantissa and exponent', '+.5e-1', ok(0.05)],
      ['underscores between digits', '1_000.5_0', ok(1000.5)],
      ['two underscores together', '1__0', SYNTAX],
      ['a leading underscore', '_1', SYNTAX],
      ['a trailing underscore', '1_', SYNTAX],
      ['an underscore beside the dot', '1_.5', SYNTAX],
      ['a dot alone', '.', SYNTAX],
      ['an exponent without digits', '1e', SYNTAX],
      ['inf, which is not decimal syntax', 'inf', SYNTAX],
      ['hexadecimal, which is not decimal syntax', '0x1p-2', SYNTAX],
      ['too large for a float64', '1e400', RANGE],
      ['too large and negative', '-1e400', RANGE],
      ['too small rounds to zero', '1e-400', ok(0)],
    ];
    for (const [name, text, expected] of cases) {
      it(`${name}: ${JSON.stringify(text)}`, () => {
        expect(parseDecimalFloat(text)).to.deep.equal(expected);
      });
    }
  });
});
