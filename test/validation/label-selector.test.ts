import { expect } from 'chai';
import fc from 'fast-check';
import { Ajv } from 'ajv';
import { parseLabelSelector, SIMPLE_SELECTOR_SCHEMA } from '../../src/validation/label-selector.js';
import { LABEL_KEY_NAME_MSG, LABEL_KEY_SLASHES_MSG, LABEL_VALUE_MSG } from '../fixtures/apimachinery-messages.js';

/** PARSES are apimachinery's own good strings (selector_test.go, TestSelectorParse and TestSetSelectorParser, Kubernetes 1.36). */
const PARSES = [
  '',
  'x=a,y=b,z=c',
  'x!=a,y=b',
  'x=',
  'x= ',
  'x=,z= ',
  'x= ,z= ',
  '!x',
  'x>1',
  'x>1,z<5',
  '\rx',
  'this-is-a-dns.domain.com/key-with-dash',
  'this-is-another-dns.domain.com/key-with-dash in (so,what)',
  '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
  'foo  in\t (abc)',
  'x notin\n (abc)',
  'x  notin\t\t\t(abc,def)',
  'x in (abc,)',
  'x in (abc,abc)',
  'x in ()',
  'x in (a,,)',
  'x in (a,,,)',
  'x in (a,,a,,a,,a,,)',
  'x notin (abc,,def),bar,z in (),w',
  'x,y in (a)',
  'x=a,y!=b,z in (h,i,j)',
  'x notin ( )',
  'x notin (, a)',
  'a ',
  'a in (x,y,notin, z,in)',
  'x==a',
  'in in (in)',
  'app=backend,tier notin (cache)',
  // After a symbol, Go's lexer swallows a NUL byte as it ends the symbol.
  'a,\u0000b',
];

/**
 * FAILS are apimachinery's bad strings and more, each with the message
 * labels.Parse returns, traced through selector.go by hand.
 */
const FAILS: Array<[string, string]> = [
  // "|" is no symbol of the grammar: "a||y" is one value.
  ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`],
  ['x==a==b', "found '==', expected: ',' or 'end of string'"],
  ['!x=a', "found '=', expected: ',' or 'end of string'"],
  ['x<a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
  ['x,,y', "found ',', expected: identifier after ','"],
  [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
  ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
  ['a in (xyz),', "found '', expected: identifier after ','"],
  ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
  ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
  ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
  ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
  ['(', "found '(', expected: !, identifier, or 'end of string'"],
  ['a in x', "unable to parse requirement: found 'x' expected: '('"],
  ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['a in (,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
  ['a=(', "unable to parse requirement: found '(', expected: identifier"],
  ['!', "unable to parse requirement: found '', expected: identifier"],
  ['app = back end', "found 'end', expected: ',' or 'end of string'"],
  ['x>99999999999999999999', 'unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for \'Gt\', \'Lt\' operators, the value must be an integer'],
  ['Bad_Key_', `unable to parse requirement: <nil>: Invalid value: "Bad_Key_": ${LABEL_KEY_NAME_MSG}`],
  ['a/b/c=d', `unable to parse requirement: <nil>: Invalid value: "a/b/c": ${LABEL_KEY_SLASHES_MSG}`],
  ['app=back_end_', `unable to parse requirement: values[0][app]: Invalid value: "back_end_": ${LABEL_VALUE_MSG}`],
  // Values are counted as a sorted set: "b_" is the second of "a" and "b_".
  ['x in (b_, a, a)', `unable to parse requirement: values[1][x]: Invalid value: "b_": ${LABEL_VALUE_MSG}`],
  [
    'x>a_',
    `unable to parse requirement: [values[0]: Invalid value: "a_": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "a_": ${LABEL_VALUE_MSG}]`,
  ],
  // Go reads a NUL byte as the end of the input where a token starts, and as the end of a token inside one.
  ['a, \u0000b', "found '', expected: identifier after ','"],
  ['a\u0000 b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
];

describe('parseLabelSelector', () => {
  context('when a selector follows the grammar', () => {
    for (const selector of PARSES) {
      it(`parses ${JSON.stringify(selector)}`, () => expect(parseLabelSelector(selector)).to.equal(undefined));
    }
  });

  context('when a selector does not', () => {
    for (const [selector, message] of FAILS) {
      it(`refuses ${JSON.stringify(selector)} in labels.Parse's words`, () => expect(parseLabelSelector(selector)).to.equal(message));
    }
  });

  describe('properties', () => {
    const key = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,20}[a-z0-9])?$/).filter((k) => k !== 'in' && k !== 'notin');
    const value = fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?)?$/);
    const space = fc.constantFrom('', ' ', '\t', '  ');
    const requirement = fc.oneof(
      key,
      key.map((k) => `!${k}`),
      fc.tuple(key, fc.constantFrom('=', '==', '!='), space, value).map(([k, op, s, v]) => `${k}${s}${op}${s}${v}`),
      fc.tuple(key, fc.constantFrom(">", "<"), fc.nat()).map(([k, op, n]) => `${k}${op}${n}`),
      fc.tuple(key, fc.constantFrom(' in ', ' notin '), fc.array(value, { maxLength: 4 })).map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
    );

    it('parses every selector the grammar generates', () => {
      fc.assert(
        fc.property(fc.array(requirement, { minLength: 1, maxLength: 5 }), space, (requirements, s) => {
          expect(parseLabelSelector(requirements.join(`${s},${s}`))).to.equal(undefined);
        }),
      );
    });

    it('answers any string with undefined or a message, never by throwing', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '=', '!', '(', ')', ',', '<', '>', ' ', 'in', 'notin', '_', '/', '\u0000') }), (selector) => {
          const result = parseLabelSelector(selector);
          expect(result === undefined || (typeof result === 'string' && result !== '')).to.equal(true);
        }),
      );
    });

    it('ignores whitespace around operators and commas', () => {
      fc.assert(
        fc.property(fc.array(requirement, { minLength: 1, maxLength: 3 }), (requirements) => {
          const tight = requirements.join(',');
          expect(parseLabelSelector(tight.replace(/,/g, ' ,\t'))).to.equal(parseLabelSelector(tight));
        }),
      );
    });
  });
});

describe('SIMPLE_SELECTOR_SCHEMA', () => {
  const admits = new Ajv({ strict: true }).compile(SIMPLE_SELECTOR_SCHEMA);
  /** TERM_TEXT draws selectors of terms near equality terms: parts of the grammar's characters or at 63 and 64 characters, other operators and separators now and then. */
  const PART = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.'), maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom('k'.repeat(63), 'k'.repeat(64), 'in', 'notin', 'a b', 'x/y', '(a)') },
  );
  const TERM_TEXT = fc
    .array(fc.tuple(PART, fc.oneof({ weight: 6, arbitrary: fc.constant('=') }, { weight: 1, arbitrary: fc.constantFrom('==', '!=', ' = ', ' in ') }), PART), { minLength: 1, maxLength: 3 })
    .chain((terms) =>
      fc.constantFrom(',', ',', ',', ', ', ',,', '').map((separator) => terms.map(([key, operator, value]) => `${key}${operator}${value}`).join(separator)),
    );

  it('admits only selectors that parse', () => {
    let admitted = 0;
    fc.assert(
      fc.property(TERM_TEXT, (selector) => {
        if (!admits(selector)) return;
        admitted++;
        expect(parseLabelSelector(selector), selector).to.equal(undefined);
      }),
      { numRuns: 5000 },
    );
    expect(admitted).to.be.greaterThan(100);
  });

  it('admits the selectors Connectors usually have, and no other form', () => {
    for (const selector of ['app=backend', 'app=backend,tier=web', 'app.kubernetes.io=x', `${'k'.repeat(63)}=${'v'.repeat(63)}`]) expect(admits(selector), selector).to.equal(true);
    for (const selector of ['', 'app', '!app', 'app==x', 'app!=x', 'app in (a)', 'a=b,', 'a=', 'x/y=z', 'a = b', `${'k'.repeat(64)}=v`, `k=${'v'.repeat(64)}`]) {
      expect(admits(selector), selector).to.equal(false);
    }
  });
});

