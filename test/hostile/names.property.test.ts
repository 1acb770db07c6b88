/**
 * Property tests of the name and label grammars: for arbitrary strings, names.ts and
 * an independent statement of the grammar (./grammar.ts) agree on validity,
 * and names.ts returns exactly apimachinery's messages.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isLabelKey, isLabelValue } from '../../src/validation/names.js';
import { dns1035LabelShaped, dns1123LabelShaped, dns1123SubdomainShaped, labelValueShaped, utf8Length } from './grammar.js';
import {
  DNS1035_MSG,
  LABEL_KEY_NAME_MSG,
  LABEL_MSG,
  LABEL_TOO_LONG_MSG,
  LABEL_VALUE_MSG,
  SUBDOMAIN_MSG,
} from '../fixtures/apimachinery-messages.js';

/** NUM_RUNS per property: the checks are pure and fast, so a thousand cost milliseconds. */
const NUM_RUNS = 1000;

const tooLong = (n: number) => `must be no more than ${n} characters`;

/** NEAR_VALID_UNITS are characters at the grammar's edges: allowed, separators, and look-alikes. */
const NEAR_VALID_UNITS = ['a', 'b', 'z', '0', '9', '-', '.', 'A', 'Z', '_', ' ', '\n', 'é', 'ı', 'K', '😀', '\u0000'];

/** LABEL_UNITS are the label grammar's characters (mixed case, '_' and '.' allowed) and near misses. */
const LABEL_UNITS = ['a', 'Z', '0', '9', '-', '_', '.', ' ', '!', '/', '\n', 'é', 'K', '😀'];

/**
 * names generates strings that exercise the grammar: random text in every
 * Unicode plane, strings of near-valid characters around the length limits,
 * and dotted runs of labels of every length up to past 63.
 */
const names = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...NEAR_VALID_UNITS), maxLength: 300 }),
  fc
    .array(fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-'), maxLength: 70 }), { minLength: 1, maxLength: 6 })
    .map((labels) => labels.join('.')),
  fc.tuple(fc.constantFrom(...NEAR_VALID_UNITS), fc.nat({ max: 260 })).map(([c, n]) => `a${c.repeat(n)}`),
);

/** expected states apimachinery's result for a check: the length message, then the grammar's. */
function expected(value: string, max: number, shaped: boolean, grammarMessage: string): string[] {
  const errors: string[] = [];
  if (utf8Length(value) > max) errors.push(tooLong(max));
  if (!shaped) errors.push(grammarMessage);
  return errors;
}

describe('name grammars (property-based)', () => {
  it('isDNS1123Label agrees with the grammar on every string', () => {
    fc.assert(
      fc.property(names, (value) => {
        const errors: string[] = [];
        if (utf8Length(value) > 63) errors.push(tooLong(63));
        // apimachinery: a string that is a valid subdomain but not a label can only be wrong for its dots.
        if (!dns1123LabelShaped(value)) errors.push(dns1123SubdomainShaped(value) ? 'must not contain dots' : LABEL_MSG);
        expect(isDNS1123Label(value)).to.deep.equal(errors);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('isDNS1123Subdomain agrees with the grammar on every string', () => {
    fc.assert(
      fc.property(names, (value) => {
        expect(isDNS1123Subdomain(value)).to.deep.equal(expected(value, 253, dns1123SubdomainShaped(value), SUBDOMAIN_MSG));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('isDNS1035Label agrees with the grammar on every string', () => {
    fc.assert(
      fc.property(names, (value) => {
        expect(isDNS1035Label(value)).to.deep.equal(expected(value, 63, dns1035LabelShaped(value), DNS1035_MSG));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('accepts every string the grammar generates', () => {
    const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
    const label = fc
      .tuple(alnum, fc.string({ unit: fc.constantFrom(...'abc-xyz019'), maxLength: 61 }), alnum)
      .map(([first, middle, last]) => (middle === '' && first === last ? first : `${first}${middle}${last}`));
    fc.assert(
      fc.property(label, fc.array(label, { minLength: 1, maxLength: 3 }), (one, many) => {
        expect(isDNS1123Label(one)).to.deep.equal([]);
        const subdomain = many.join('.');
        if (subdomain.length <= 253) expect(isDNS1123Subdomain(subdomain)).to.deep.equal([]);
        const service = /^[a-z]/.test(one) ? one : `x${one.slice(1)}`;
        expect(isDNS1035Label(service)).to.deep.equal([]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  /** labels are strings around the label grammar and its 63-byte limit, and random text. */
  const labels = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...LABEL_UNITS), maxLength: 70 }),
    fc.tuple(fc.constantFrom(...LABEL_UNITS), fc.nat({ max: 70 }), fc.constantFrom(...LABEL_UNITS)).map(([c, n, last]) => `A${c.repeat(n)}${last}`),
  );

  it('isLabelValue agrees with the grammar (regex and 63 bytes) on every string', () => {
    fc.assert(
      fc.property(labels, (value) => {
        const errors: string[] = [];
        if (utf8Length(value) > 63) errors.push(LABEL_TOO_LONG_MSG);
        if (!labelValueShaped(value)) errors.push(LABEL_VALUE_MSG);
        expect(isLabelValue(value)).to.deep.equal(errors);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('isLabelKey checks a key without a slash as a label value that may not be empty', () => {
    fc.assert(
      fc.property(
        labels.filter((key) => !key.includes('/')),
        (key) => {
          const errors: string[] = [];
          if (key === '') errors.push('name part must be non-empty');
          else if (utf8Length(key) > 63) errors.push(`name part ${LABEL_TOO_LONG_MSG}`);
          if (key === '' || !labelValueShaped(key)) errors.push(LABEL_KEY_NAME_MSG);
          expect(isLabelKey(key)).to.deep.equal(errors);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('isLabelKey checks a prefix as a subdomain and the rest as a name part', () => {
    fc.assert(
      fc.property(names.filter((p) => p !== '' && !p.includes('/')), labels.filter((n) => !n.includes('/')), (prefix, name) => {
        // The content package's subdomain check is util/validation's, its length counted in bytes by name.
        const prefixErrors = isDNS1123Subdomain(prefix).map((m) => `prefix part ${m.replace(/characters$/, 'bytes')}`);
        expect(isLabelKey(`${prefix}/${name}`)).to.deep.equal([...prefixErrors, ...isLabelKey(name)]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('checks a megabyte-long name without catastrophic backtracking', () => {
    // Each shape makes a backtracking regex try many splits; names.ts must answer all the same.
    for (const value of ['a'.repeat(1 << 20) + '!', 'a-'.repeat(1 << 19) + '-', 'a.'.repeat(1 << 19) + '.', '-'.repeat(1 << 20)]) {
      expect(isDNS1123Subdomain(value)).to.have.length(2);
      expect(isDNS1123Label(value)).to.have.length(2);
      expect(isDNS1035Label(value)).to.have.length(2);
      expect(isLabelValue(value)).to.have.length(2);
      expect(isLabelKey(value)).to.have.length(2);
    }
  });
});
