import { expect } from 'chai';
import { peerNamespaceErrors } from '../../src/resources/peer-namespace.js';
import { type FieldError, invalid } from '../../src/validation/field-error.js';
import { LABEL_MSG, NAME_TOO_LONG_MSG, NO_DOTS_MSG } from '../fixtures/apimachinery-messages.js';
import { ruleContext } from '../fixtures/rule-context.js';

const FIELD = 'spec.connectorNamespace';

/** ownNamespace is the denial of value, the object's own namespace, on an object called owner. */
const ownNamespace = (value: string, owner: string) => invalid(FIELD, value, `must be a peer namespace: it may not be the ${owner}'s own namespace`);

describe('peerNamespaceErrors', () => {
  // [name, value, the object's namespace, errors]; the owner is "binding".
  const cases: Array<[string, string, string | undefined, FieldError[]]> = [
    ['another namespace', 'east', 'west', []],
    ['the object\'s own namespace', 'west', 'west', [ownNamespace('west', 'binding')]],
    ['a name that is no DNS-1123 label', 'East', 'west', [invalid(FIELD, 'East', LABEL_MSG)]],
    ['a name with a dot, a subdomain but no namespace name', 'east.prod', 'west', [invalid(FIELD, 'east.prod', NO_DOTS_MSG)]],
    ['a name over 63 characters', 'n'.repeat(64), 'west', [invalid(FIELD, 'n'.repeat(64), NAME_TOO_LONG_MSG)]],
    ['a name that is no label and is the own namespace too, grammar first', 'West', 'West', [invalid(FIELD, 'West', LABEL_MSG), ownNamespace('West', 'binding')]],
    ['a name whose case alone differs from the own namespace: the grammar\'s to refuse', 'West', 'west', [invalid(FIELD, 'West', LABEL_MSG)]],
    ['any valid name when the namespace is unknown', 'west', undefined, []],
    ['the grammar still when the namespace is unknown', 'West', undefined, [invalid(FIELD, 'West', LABEL_MSG)]],
    // Callers skip an empty value (absent, as Skupper reads it); the rule alone refuses it.
    ['an empty name, when a caller asks', '', 'west', [invalid(FIELD, '', LABEL_MSG)]],
  ];
  for (const [name, value, namespace, errors] of cases) {
    it(`checks ${name}`, () => {
      expect(peerNamespaceErrors(FIELD, value, 'binding', ruleContext({ namespace }))).to.deep.equal(errors);
    });
  }

  it('names the owner and the field it is given, as each half of the pair calls them', () => {
    expect(peerNamespaceErrors('spec.siteNamespace', 'east', 'AttachedConnector', ruleContext({ namespace: 'east' }))).to.deep.equal([
      invalid('spec.siteNamespace', 'east', "must be a peer namespace: it may not be the AttachedConnector's own namespace"),
    ]);
  });
});
