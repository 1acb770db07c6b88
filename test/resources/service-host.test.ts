import { expect } from 'chai';
import { HOST_REASON, serviceHostErrors } from '../../src/resources/service-host.js';
import { type FieldError, invalid } from '../../src/validation/field-error.js';
import { DNS1035_MSG, LABEL_MSG, NAME_TOO_LONG_MSG } from '../fixtures/apimachinery-messages.js';
import { HOST_REASON as CASES_HOST_REASON, RULES } from '../fixtures/cases/service-host.js';
import { ruleContext } from '../fixtures/rule-context.js';

/** hostError is field's denial of host: the message, the rule applied, then why a host must be a Service name. */
const hostError = (field: string, host: string, message: string, rule: keyof typeof RULES): FieldError =>
  invalid(field, host, `${message}: ${RULES[rule]}: ${HOST_REASON}`);

describe('serviceHostErrors', () => {
  it('says why in the words the per-kind cases expect', () => {
    expect(HOST_REASON).to.equal(CASES_HOST_REASON);
  });

  // [name, host, strict's messages, relaxed's]: the rule the context carries decides.
  const cases: Array<[string, string, string[], string[]]> = [
    ['a DNS-1035 label, which both rules admit', 'backend', [], []],
    ['a leading digit, which only relaxed admits', '1db', [DNS1035_MSG], []],
    ['upper case, which neither admits', 'Backend', [DNS1035_MSG], [LABEL_MSG]],
    ['a host both too long and with a leading digit, one error per message', `1${'h'.repeat(63)}`, [NAME_TOO_LONG_MSG, DNS1035_MSG], [NAME_TOO_LONG_MSG]],
    // Callers skip an empty host (absent, as Skupper reads it); the rule alone refuses it.
    ['an empty host, when a caller asks', '', [DNS1035_MSG], [LABEL_MSG]],
  ];
  for (const [name, host, strict, relaxed] of cases) {
    it(`checks ${name}`, () => {
      expect({
        strict: serviceHostErrors('spec.host', host, ruleContext({ serviceNameValidation: 'strict' })),
        relaxed: serviceHostErrors('spec.host', host, ruleContext({ serviceNameValidation: 'relaxed' })),
      }).to.deep.equal({
        strict: strict.map((message) => hostError('spec.host', host, message, 'strict')),
        relaxed: relaxed.map((message) => hostError('spec.host', host, message, 'relaxed')),
      });
    });
  }

  it('names the field it is given, whatever the kind calls it', () => {
    expect(serviceHostErrors('spec.backend.host', 'Backend', ruleContext())).to.deep.equal([hostError('spec.backend.host', 'Backend', DNS1035_MSG, 'strict')]);
  });
});
