import { Ajv, type SchemaObject } from 'ajv';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  DNS1035_LABEL_SCHEMA,
  DNS1123_SUBDOMAIN_SCHEMA,
  dns1123LabelSchema,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelKey,
  isLabelValue,
} from '../../src/validation/names.js';
import { maxLenError } from '../../src/validation/apimachinery-wording.js';
import {
  DNS1035_MSG,
  LABEL_KEY_NAME_MSG,
  LABEL_KEY_PREFIX_MSG,
  LABEL_KEY_PREFIX_TOO_LONG_MSG,
  LABEL_KEY_SLASHES_MSG,
  LABEL_MSG,
  LABEL_TOO_LONG_MSG,
  LABEL_VALUE_MSG,
  NAME_TOO_LONG_MSG,
  NO_DOTS_MSG,
  SUBDOMAIN_MSG,
  SUBDOMAIN_TOO_LONG_MSG,
} from '../fixtures/apimachinery-messages.js';

describe('names', () => {
  describe('isDNS1123Label', () => {
    const cases: Array<[string, string[]]> = [
      ['east', []],
      ['a', []],
      ['0', []],
      ['123-abc', []],
      ['a'.repeat(63), []],
      ['a'.repeat(64), [NAME_TOO_LONG_MSG]],
      ['Bad_NS', [LABEL_MSG]],
      ['-east', [LABEL_MSG]],
      ['east-', [LABEL_MSG]],
      ['', [LABEL_MSG]],
      ['east.west', [NO_DOTS_MSG]],
      ['é', [LABEL_MSG]],
      ['east\n', [LABEL_MSG]],
      [`${'a'.repeat(64)}_`, [NAME_TOO_LONG_MSG, LABEL_MSG]],
    ];
    for (const [value, expected] of cases) {
      it(`returns ${expected.length ? 'errors' : 'no error'} for ${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}…(${value.length})` : value)}`, () => {
        expect(isDNS1123Label(value)).to.deep.equal(expected);
      });
    }
  });

  describe('isDNS1123Subdomain', () => {
    const cases: Array<[string, string[]]> = [
      ['my-secret', []],
      ['tls.example.com', []],
      ['a'.repeat(253), []],
      ['a'.repeat(254), [SUBDOMAIN_TOO_LONG_MSG]],
      ['My_Secret', [SUBDOMAIN_MSG]],
      ['a..b', [SUBDOMAIN_MSG]],
      ['.a', [SUBDOMAIN_MSG]],
    ];
    for (const [value, expected] of cases) {
      it(`checks ${JSON.stringify(value.slice(0, 20))} (${value.length} chars)`, () => {
        expect(isDNS1123Subdomain(value)).to.deep.equal(expected);
      });
    }
  });

  describe('isDNS1035Label', () => {
    const cases: Array<[string, string[]]> = [
      ['backend', []],
      ['abc-123', []],
      ['a'.repeat(63), []],
      ['a'.repeat(64), [NAME_TOO_LONG_MSG]],
      ['1backend', [DNS1035_MSG]],
      ['Backend', [DNS1035_MSG]],
      ['back.end', [DNS1035_MSG]],
      ['backend-', [DNS1035_MSG]],
      ['10.0.0.1', [DNS1035_MSG]],
    ];
    for (const [value, expected] of cases) {
      it(`checks ${JSON.stringify(value.slice(0, 20))} (${value.length} chars)`, () => {
        expect(isDNS1035Label(value)).to.deep.equal(expected);
      });
    }
  });

  describe('isLabelKey', () => {
    const cases: Array<[string, string[]]> = [
      ['app', []],
      ['Uppercase_Is_OK_123', []],
      ['app.kubernetes.io/name', []],
      ['1.2.3.4/5678', []],
      ['a'.repeat(63), []],
      [`${'a'.repeat(253)}/${'b'.repeat(63)}`, []],
      ['bad key!', [LABEL_KEY_NAME_MSG]],
      ['-app', [LABEL_KEY_NAME_MSG]],
      ['app-', [LABEL_KEY_NAME_MSG]],
      ['', ['name part must be non-empty', LABEL_KEY_NAME_MSG]],
      ['a'.repeat(64), [`name part ${LABEL_TOO_LONG_MSG}`]],
      [`${'a'.repeat(64)}!`, [`name part ${LABEL_TOO_LONG_MSG}`, LABEL_KEY_NAME_MSG]],
      ['Example.com/app', [LABEL_KEY_PREFIX_MSG]],
      ['example_com/app', [LABEL_KEY_PREFIX_MSG]],
      [`${'a'.repeat(254)}/app`, [LABEL_KEY_PREFIX_TOO_LONG_MSG]],
      ['/app', ['prefix part must be non-empty']],
      ['example.com/', ['name part must be non-empty', LABEL_KEY_NAME_MSG]],
      ['/', ['prefix part must be non-empty', 'name part must be non-empty', LABEL_KEY_NAME_MSG]],
      ['Bad_/-x', [LABEL_KEY_PREFIX_MSG, LABEL_KEY_NAME_MSG]],
      ['only/one/slash', [LABEL_KEY_SLASHES_MSG]],
      ['//', [LABEL_KEY_SLASHES_MSG]],
    ];
    for (const [value, expected] of cases) {
      it(`checks ${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}…(${value.length})` : value)}`, () => {
        expect(isLabelKey(value)).to.deep.equal(expected);
      });
    }
  });

  describe('isLabelValue', () => {
    const cases: Array<[string, string[]]> = [
      ['', []],
      ['backend', []],
      ['My_Value.1-2', []],
      ['a'.repeat(63), []],
      ['a'.repeat(64), [LABEL_TOO_LONG_MSG]],
      ['bad value!', [LABEL_VALUE_MSG]],
      ['-starts-with-dash', [LABEL_VALUE_MSG]],
      ['ends.with.dot.', [LABEL_VALUE_MSG]],
      ['Tama-nui-te-rā', [LABEL_VALUE_MSG]],
      ['line\n', [LABEL_VALUE_MSG]],
      [`${'a'.repeat(63)}-`, [LABEL_TOO_LONG_MSG, LABEL_VALUE_MSG]],
    ];
    for (const [value, expected] of cases) {
      it(`checks ${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}…(${value.length})` : value)}`, () => {
        expect(isLabelValue(value)).to.deep.equal(expected);
      });
    }
  });

  it('counts length in bytes, as Go does', () => {
    // 32 two-byte characters are 64 bytes: too long, and not the grammar either.
    expect(isDNS1123Label('é'.repeat(32))).to.deep.equal([NAME_TOO_LONG_MSG, LABEL_MSG]);
    expect(isLabelValue('é'.repeat(32))).to.deep.equal([LABEL_TOO_LONG_MSG, LABEL_VALUE_MSG]);
  });

  context('when a value is megabytes long', () => {
    // A repeated group in a regular expression keeps a backtracking entry per repetition: "a.a.a..." exhausted V8's stack.
    const shapes = ['a.'.repeat(2_500_000) + 'a', 'ab.'.repeat(1_700_000) + 'a', 'a-'.repeat(2_500_000) + 'a', 'a'.repeat(5_000_000), 'a/' + 'b.'.repeat(2_000_000) + 'b'];
    for (const value of shapes) {
      it(`checks ${JSON.stringify(value.slice(0, 6))}… of ${value.length} characters without exhausting the stack`, () => {
        expect(isDNS1123Subdomain(value)).to.deep.equal([maxLenError(253), ...(value.includes('/') ? [SUBDOMAIN_MSG] : [])]);
        expect(isDNS1123Label(value)[0]).to.equal(maxLenError(63));
        expect(isDNS1035Label(value)[0]).to.equal(maxLenError(63));
        expect(() => isLabelKey(value)).not.to.throw();
        expect(isLabelValue(value)[0]).to.equal(LABEL_TOO_LONG_MSG);
      });
    }
  });
});

describe('name schemas', () => {
  const ajv = new Ajv({ strict: true });
  /** NAME_TEXT draws strings over the characters the grammars care about, at every length up to a subdomain's limit and past it. */
  const NAME_TEXT = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', '-', '.', 'A', '_'), maxLength: 70 }),
    fc.string({ unit: fc.constantFrom('a', '-', '.'), minLength: 240, maxLength: 260 }),
    fc.stringMatching(/^[a-z]([-a-z0-9]{0,70}[a-z0-9])?$/),
  );
  const cases: Array<[string, SchemaObject, (value: string) => string[]]> = [
    ['dns1123LabelSchema()', dns1123LabelSchema(), isDNS1123Label],
    ['DNS1123_SUBDOMAIN_SCHEMA', DNS1123_SUBDOMAIN_SCHEMA, isDNS1123Subdomain],
    ['DNS1035_LABEL_SCHEMA', DNS1035_LABEL_SCHEMA, isDNS1035Label],
  ];
  for (const [name, schema, check] of cases) {
    it(`${name} admits exactly what its check passes`, () => {
      const admits = ajv.compile(schema);
      fc.assert(
        fc.property(NAME_TEXT, (value) => {
          expect(admits(value), value).to.equal(check(value).length === 0);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('dns1123LabelSchema(n) admits labels of at most n characters', () => {
    const admits = ajv.compile(dns1123LabelSchema(50));
    expect(admits('a'.repeat(50))).to.equal(true);
    expect(admits('a'.repeat(51))).to.equal(false);
  });

  it('DNS1123_SUBDOMAIN_SCHEMA refuses a megabyte of "a." without throwing', () => {
    expect(ajv.validate(DNS1123_SUBDOMAIN_SCHEMA, 'a.'.repeat(500_000) + 'a')).to.equal(false);
  });
});
