import { expect } from 'chai';
import { servicePortNameErrors } from '../../src/resources/service-port-name.js';
import { invalid, required } from '../../src/validation/field-error.js';
import type { FieldError } from '../../src/validation/field-error.js';
import { NO_DOTS_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';
import { ruleContext as baseContext, schemaFailures } from '../fixtures/rule-context.js';

/** NAMING is a prefix of 13 characters, as MultiKeyListener's, which leaves 50 of a port name's 63 to the object's name. */
const NAMING = { prefix: 'multiaddress-', reason: 'the port is named multiaddress-<name>' };

/** ruleContext is a CREATE's rule context whose schema refused the fields given. */
const ruleContext = (...schemaFailed: string[]) => baseContext({ fieldsWithSchemaErrors: schemaFailures(...schemaFailed) });

/** named is an object with metadata. */
const named = (metadata: unknown) => ({ apiVersion: 'skupper.io/v2alpha1', kind: 'MultiKeyListener', metadata, spec: {} });

const portName = (field: string, value: string, message: string) => invalid(field, value, `${message}: ${NAMING.reason}`);

describe('servicePortNameErrors', () => {
  const cases: [string, unknown, FieldError[]][] = [
    ['a name that fits after the prefix', { name: 'n'.repeat(50) }, []],
    ['a name one character too long for the prefix', { name: 'n'.repeat(51) }, [portName('metadata.name', 'n'.repeat(51), 'must be no more than 50 characters')]],
    ['a name with a dot, a subdomain but no label', { name: 'back.end' }, [portName('metadata.name', 'back.end', NO_DOTS_MSG)]],
    [
      'a name both too long and with a dot',
      { name: `${'n'.repeat(50)}.v1` },
      [portName('metadata.name', `${'n'.repeat(50)}.v1`, 'must be no more than 50 characters'), portName('metadata.name', `${'n'.repeat(50)}.v1`, NO_DOTS_MSG)],
    ],
    ['a generateName whose generated name fits', { generateName: 'g'.repeat(45) }, []],
    [
      'a generateName whose generated name is too long, its limit stated without the 5-character suffix',
      { generateName: 'g'.repeat(46) },
      [portName('metadata.generateName', 'g'.repeat(46), 'must be no more than 45 characters')],
    ],
    ['a generateName whose dot the API server cuts off', { generateName: `${'g'.repeat(58)}.x` }, [portName('metadata.generateName', `${'g'.repeat(58)}.x`, 'must be no more than 45 characters')]],
    ['a generateName with a dot it keeps', { generateName: 'back.end-' }, [portName('metadata.generateName', 'back.end-', NO_DOTS_MSG)]],
    ['a name, which is checked rather than the generateName', { name: 'backend', generateName: 'back.end-' }, []],
    ['a name the API server refuses, whose own error comes instead', { name: 'Back_End' }, [invalid('metadata.name', 'Back_End', SUBDOMAIN_MSG)]],
    ['no name and no generateName', {}, [required('metadata.name', 'name or generateName is required')]],
    ['metadata that is not an object', 'backend', []],
  ];
  for (const [name, metadata, errors] of cases) {
    it(`checks ${name}`, () => {
      expect(servicePortNameErrors(named(metadata), ruleContext(), NAMING)).to.deep.equal(errors);
    });
  }

  context('when the schema already refused the name fields', () => {
    for (const field of ['metadata', 'metadata.name', 'metadata.generateName']) {
      it(`leaves them alone (${field} refused)`, () => {
        expect(servicePortNameErrors(named({ name: 'Back_End' }), ruleContext(field), NAMING)).to.deep.equal([]);
      });
    }
  });

  context('when the prefix is empty', () => {
    it('allows the whole 63 characters of a label', () => {
      const naming = { prefix: '', reason: 'r' };
      expect([servicePortNameErrors(named({ name: 'n'.repeat(63) }), ruleContext(), naming), servicePortNameErrors(named({ name: 'n'.repeat(64) }), ruleContext(), naming)]).to.deep.equal([
        [],
        [invalid('metadata.name', 'n'.repeat(64), 'must be no more than 63 characters: r')],
      ]);
    });
  });
});
