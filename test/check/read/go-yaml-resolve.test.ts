import { expect } from 'chai';
import { needsQuotes, resolvePlainScalar } from '../../../src/check/read/go-yaml-resolve.js';
import { GO_YAML_RULES } from '../../fixtures/go-yaml-rules.js';

/** signed keeps -0 apart from 0, which deep.equal does not. */
function signed(value: unknown): unknown {
  return Object.is(value, -0) ? '-0' : value;
}

describe('resolvePlainScalar', () => {
  for (const { rule, text, tag, value } of GO_YAML_RULES) {
    it(rule, () => {
      const resolved = resolvePlainScalar(text);
      expect({ tag: resolved.tag, value: signed(resolved.value) }).to.deep.equal({ tag, value });
    });
  }

  it('reads an empty text as null', () => {
    expect(resolvePlainScalar('')).to.deep.equal({ tag: 'null', value: null });
  });
});

describe('needsQuotes', () => {
  const cases: { rule: string; text: string; quoted: boolean }[] = [
    { rule: 'a word that reads as a bool', text: 'on', quoted: true },
    { rule: 'a number go-yaml reads that YAML 1.1 does not', text: '0o17', quoted: true },
    { rule: 'a timestamp, as go-yaml’s encoder quotes it', text: '2024-01-01', quoted: true },
    { rule: 'base 60, which go-yaml’s encoder quotes for compatibility', text: '1:30', quoted: true },
    { rule: 'base 60 with a fraction', text: '-1:30.5', quoted: true },
    { rule: 'not a lone dot', text: '.', quoted: false },
    { rule: 'not a word', text: 'backend', quoted: false },
    { rule: 'not a time with a letter', text: '1:30pm', quoted: false },
  ];
  for (const { rule, text, quoted } of cases) {
    it(`${quoted ? 'quotes' : 'does not quote'} ${rule}`, () => {
      expect(needsQuotes(text)).to.equal(quoted);
    });
  }
});
