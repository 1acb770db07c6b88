import { expect } from 'chai';
import {
  aggregateMessage,
  errorBody,
  formatFieldError,
  forbidden,
  invalid,
  duplicate,
  notSupported,
  required,
  ruleFailure,
  tooMany,
  tooLong,
  typeInvalid,
} from '../../src/validation/field-error.js';

describe('field-error', () => {
  describe('formatFieldError', () => {
    const cases: Array<[string, ReturnType<typeof required>, string]> = [
      ['required', required('spec.routingKey'), 'spec.routingKey: Required value'],
      ['required with detail', required('metadata.name', 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required'],
      ['invalid string quoted', invalid('spec.host', 'Bad', 'nope'), 'spec.host: Invalid value: "Bad": nope'],
      ['invalid number bare', invalid('spec.port', 0, 'too small'), 'spec.port: Invalid value: 0: too small'],
      ['invalid null', invalid('spec.x', null, 'd'), 'spec.x: Invalid value: null: d'],
      ['invalid object as JSON', invalid('spec.x', { a: 1 }, 'd'), 'spec.x: Invalid value: {"a":1}: d'],
      [
        'type invalid as CRD schemas word it',
        typeInvalid('spec.port', 'integer', 'string'),
        'spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"',
      ],
      [
        'not supported lists values',
        notSupported('spec.observer', 'tcp', ['auto', 'none']),
        'spec.observer: Unsupported value: "tcp": supported values: "auto", "none"',
      ],
      ['forbidden hides the value', forbidden('metadata.generateName', 'no'), 'metadata.generateName: Forbidden: no'],
      // Current apimachinery's TooLong; older releases said "must have at most N bytes". ValidateAnnotations passes 256 KiB.
      ['too long hides the value', tooLong('metadata.annotations', 262144), 'metadata.annotations: Too long: may not be more than 262144 bytes'],
      ['too long says byte for one', tooLong('x', 1), 'x: Too long: may not be more than 1 byte'],
      ['too long without a limit', tooLong('x', -1), 'x: Too long: value is too long'],
      ['too many shows the count', tooMany('spec.keys', 257, 256), 'spec.keys: Too many: 257: must have at most 256 items'],
      ['too many says item for one', tooMany('x', 2, 1), 'x: Too many: 2: must have at most 1 item'],
      ['duplicate has no detail', duplicate('spec.keys[1]', 'a'), 'spec.keys[1]: Duplicate value: "a"'],
      // apiextensions-apiserver 1.35 and later: the value itself, left out for an object or an array (1.34 printed the schema type).
      ['a failed CRD rule on an object leaves the value out', ruleFailure('spec.strategy', { priority: {} }, ' strategy is immutable '), 'spec.strategy: Invalid value: strategy is immutable'],
      ['a failed CRD rule on an array leaves the value out', ruleFailure('spec.keys', ['a'], 'm'), 'spec.keys: Invalid value: m'],
      ['a failed CRD rule on a string quotes it', ruleFailure('spec.host', 'db', 'm'), 'spec.host: Invalid value: "db": m'],
      ['a failed CRD rule on a number prints it bare', ruleFailure('spec.port', 80, 'm'), 'spec.port: Invalid value: 80: m'],
    ];
    for (const [name, error, expected] of cases) {
      it(`formats ${name}`, () => expect(formatFieldError(error)).to.equal(expected));
    }
  });

  it('errorBody leaves out the field, as a StatusCause message does', () => {
    expect(errorBody(required('spec.routingKey'))).to.equal('Required value');
  });

  describe('aggregateMessage', () => {
    it('prints one error alone', () => {
      expect(aggregateMessage([required('spec')])).to.equal('spec: Required value');
    });
    it('brackets several and drops duplicates', () => {
      expect(aggregateMessage([required('a'), required('b'), required('a')])).to.equal('[a: Required value, b: Required value]');
    });
  });
});
