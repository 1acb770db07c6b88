import { expect } from 'chai';
import { selectorErrors } from '../../src/resources/label-selector-rule.js';
import { type FieldError, invalid } from '../../src/validation/field-error.js';
import { LABEL_VALUE_MSG } from '../fixtures/apimachinery-messages.js';

const FIELD = 'spec.selector';

describe('selectorErrors', () => {
  // The grammar itself is parseLabelSelector's (test/validation/label-selector.test.ts); these are what the rule makes of its answer.
  const cases: Array<[string, unknown, FieldError[]]> = [
    ['a selector that parses', 'app=backend,tier notin (cache)', []],
    ['an empty selector, which parses (callers that need one say so)', '', []],
    ['a selector that does not parse, in labels.Parse\'s words', 'app = back end', [invalid(FIELD, 'app = back end', "found 'end', expected: ',' or 'end of string'")]],
    [
      'a bad value, with the nested field error labels.Parse returns',
      'app=back_end_',
      [invalid(FIELD, 'app=back_end_', `unable to parse requirement: values[0][app]: Invalid value: "back_end_": ${LABEL_VALUE_MSG}`)],
    ],
    ['no selector at all', undefined, []],
    // A value of the wrong type is the schema's to refuse, in its own words.
    ['a structured selector, left to the schema', { matchLabels: { app: 'back end' } }, []],
    ['a number, left to the schema', 7, []],
  ];
  for (const [name, value, errors] of cases) {
    it(`checks ${name}`, () => {
      expect(selectorErrors(FIELD, value)).to.deep.equal(errors);
    });
  }

  it('names the field it is given', () => {
    expect(selectorErrors('spec.podSelector', '(')).to.deep.equal([invalid('spec.podSelector', '(', "found '(', expected: !, identifier, or 'end of string'")]);
  });
});
