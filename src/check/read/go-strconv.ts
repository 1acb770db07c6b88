/**
 * go-strconv ports the parts of Go's strconv that go-yaml v2's resolve()
 * calls to decide whether a plain scalar is a number
 * (https://github.com/golang/go/blob/master/src/strconv/atoi.go and atof.go),
 * so that the check reads numbers exactly as kubectl does. Values are bigint
 * so that the 64-bit limits, which decide what go-yaml tries next, are exact.
 */

/** GoParse is what a Go parser returns: a value, or its error (ErrSyntax or ErrRange). */
export type GoParse<T> = { ok: true; value: T } | { ok: false; error: 'syntax' | 'range' };

const SYNTAX: GoParse<never> = { ok: false, error: 'syntax' };
const RANGE: GoParse<never> = { ok: false, error: 'range' };

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** PREFIX_RADIX is the base that a prefix after a leading 0 selects when the base is 0. */
const PREFIX_RADIX: Readonly<Record<string, number>> = { b: 2, o: 8, x: 16 };

/**
 * GO_DECIMAL_FLOAT is the decimal syntax of Go's ParseFloat: a mantissa with
 * digits on at least one side of an optional dot, an optional exponent, and
 * underscores only between digits (strconv's underscoreOK), so `.5_0` is 0.5.
 */
const GO_DECIMAL_FLOAT = /^[-+]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

/**
 * parseUnsigned is ParseUint's loop for base 0 (a prefix 0b, 0o or 0x, a lone
 * leading 0 for octal, else decimal) or an explicit base, with no limit when
 * max is undefined (big.Int's SetString). Like Go, it answers ErrRange at the
 * first digit that overflows, without looking further.
 */
function parseUnsigned(s: string, base: 0 | 2, max: bigint | undefined): GoParse<bigint> {
  if (s === '') return SYNTAX;
  let radix: number = base;
  let digits = s;
  if (base === 0) {
    radix = 10;
    if (s[0] === '0') {
      const prefixed = s.length >= 3 ? PREFIX_RADIX[s[1].toLowerCase()] : undefined;
      radix = prefixed ?? 8;
      digits = s.slice(prefixed === undefined ? 1 : 2);
    }
  }
  const bigRadix = BigInt(radix);
  let value = 0n;
  for (const character of digits) {
    const digit = Number.parseInt(character, 36);
    if (Number.isNaN(digit) || digit >= radix) return SYNTAX;
    value = value * bigRadix + BigInt(digit);
    if (max !== undefined && value > max) return RANGE;
  }
  return { ok: true, value };
}

/** parseUint is Go's strconv.ParseUint(s, base, 64) for a string without underscores (go-yaml removes them first). */
export function parseUint(s: string, base: 0 | 2): GoParse<bigint> {
  return parseUnsigned(s, base, UINT64_MAX);
}

/** parseInt is Go's strconv.ParseInt(s, base, 64): an optional sign, then ParseUint, then the int64 range. */
export function parseInt(s: string, base: 0 | 2): GoParse<bigint> {
  if (s === '') return SYNTAX;
  const signed = s[0] === '+' || s[0] === '-';
  const magnitude = parseUint(signed ? s.slice(1) : s, base);
  if (!magnitude.ok) return magnitude;
  const value = s[0] === '-' ? -magnitude.value : magnitude.value;
  return value > INT64_MAX || value < INT64_MIN ? RANGE : { ok: true, value };
}

/** parseBigInt is Go's big.Int SetString(s, 0) for an unsigned s without underscores: any size. */
export function parseBigInt(s: string): GoParse<bigint> {
  return parseUnsigned(s, 0, undefined);
}

/**
 * parseDecimalFloat is Go's strconv.ParseFloat(s, 64) for the decimal syntax,
 * the only one go-yaml's callers can reach (its text starts with a dot, or
 * matched go-yaml's own decimal pattern). Both Go and JavaScript round
 * correctly; a value too large for a float64 is ErrRange in Go, Infinity here.
 */
export function parseDecimalFloat(s: string): GoParse<number> {
  if (!GO_DECIMAL_FLOAT.test(s)) return SYNTAX;
  const value = Number(s.replace(/_/g, ''));
  return Number.isFinite(value) ? { ok: true, value } : RANGE;
}
