import { expect } from 'chai';
import { DEFAULT_SERVICE_NAME_VALIDATION, serviceNameErrors, SERVICE_NAME_VALIDATIONS } from '../../src/validation/service-name.js';
import { DNS1035_MSG, LABEL_MSG, NAME_TOO_LONG_MSG, NO_DOTS_MSG } from '../fixtures/apimachinery-messages.js';

const STRICT = 'a Service name must be a DNS-1035 label (--service-name-validation=strict)';
const RELAXED = 'a Service name must be a DNS-1123 label (--service-name-validation=relaxed, for clusters with RelaxedServiceNameValidation)';

describe('serviceNameErrors', () => {
  it('offers strict and relaxed, strict by default: what every supported cluster accepts', () => {
    expect(SERVICE_NAME_VALIDATIONS).to.deep.equal(['strict', 'relaxed']);
    expect(DEFAULT_SERVICE_NAME_VALIDATION).to.equal('strict');
  });

  // [value, strict messages, relaxed messages]: each message is followed by the rule applied.
  const cases: Array<[string, string[], string[]]> = [
    ['backend', [], []],
    ['a'.repeat(63), [], []],
    ['1db', [DNS1035_MSG], []],
    ['123', [DNS1035_MSG], []],
    ['Backend', [DNS1035_MSG], [LABEL_MSG]],
    ['back.end', [DNS1035_MSG], [NO_DOTS_MSG]],
    ['backend-', [DNS1035_MSG], [LABEL_MSG]],
    ['a'.repeat(64), [NAME_TOO_LONG_MSG], [NAME_TOO_LONG_MSG]],
    [`1${'a'.repeat(63)}`, [NAME_TOO_LONG_MSG, DNS1035_MSG], [NAME_TOO_LONG_MSG]],
  ];
  for (const [value, strict, relaxed] of cases) {
    const shown = JSON.stringify(value.length > 20 ? `${value.slice(0, 5)}…(${value.length})` : value);
    it(`checks ${shown} as a DNS-1035 label when strict`, () => {
      expect(serviceNameErrors(value, 'strict')).to.deep.equal(strict.map((m) => `${m}: ${STRICT}`));
    });
    it(`checks ${shown} as a DNS-1123 label when relaxed`, () => {
      expect(serviceNameErrors(value, 'relaxed')).to.deep.equal(relaxed.map((m) => `${m}: ${RELAXED}`));
    });
  }

  it('accepts under relaxed every name strict accepts', () => {
    for (const [value, strict] of cases) if (strict.length === 0) expect(serviceNameErrors(value, 'relaxed')).to.deep.equal([]);
  });
});
