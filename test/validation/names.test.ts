import { expect } from 'chai';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, maxLenError, regexError } from '../../src/validation/names.js';
import { DNS1035_MSG, LABEL_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';


describe('names', () => {
  describe('regexError', () => {
    it('words examples as apimachinery does, double space included', () => {
      expect(regexError('m', 'f', 'a', 'b')).to.equal("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
      expect(regexError('m', 'f')).to.equal("m (regex used for validation is 'f')");
    });
  });

  describe('isDNS1123Label', () => {
    const cases: Array<[string, string[]]> = [
      ['east', []],
      ['a', []],
      ['0', []],
      ['123-abc', []],
      ['a'.repeat(63), []],
      ['a'.repeat(64), [maxLenError(63)]],
      ['Bad_NS', [LABEL_MSG]],
      ['-east', [LABEL_MSG]],
      ['east-', [LABEL_MSG]],
      ['', [LABEL_MSG]],
      ['east.west', ['must not contain dots']],
      ['é', [LABEL_MSG]],
      ['east\n', [LABEL_MSG]],
      [`${'a'.repeat(64)}_`, [maxLenError(63), LABEL_MSG]],
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
      ['a'.repeat(254), [maxLenError(253)]],
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
      ['a'.repeat(64), [maxLenError(63)]],
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

  it('counts length in bytes, as Go does', () => {
    // 32 two-byte characters are 64 bytes: too long, and not the grammar either.
    expect(isDNS1123Label('é'.repeat(32))).to.deep.equal([maxLenError(63), LABEL_MSG]);
  });
});
