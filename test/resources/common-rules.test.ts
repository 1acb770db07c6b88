import { expect } from 'chai';
import { apiServerNameErrors, metadataChecked, secretNameErrors } from '../../src/resources/common-rules.js';
import { type FieldError, invalid, required } from '../../src/validation/field-error.js';
import { SUBDOMAIN_MSG, SUBDOMAIN_TOO_LONG_MSG } from '../fixtures/apimachinery-messages.js';
import { ruleContext, schemaFailures } from '../fixtures/rule-context.js';

/** NAME_FIELDS are the fields whose refusal by the schema makes the name checks moot. */
const NAME_FIELDS = ['metadata', 'metadata.name', 'metadata.generateName'];

/** refusing is the context of a schema that refused fields. */
const refusing = (...fields: string[]) => ruleContext({ fieldsWithSchemaErrors: schemaFailures(...fields) });

/** named is a Connector with metadata. */
const named = (metadata: unknown) => ({ apiVersion: 'skupper.io/v2alpha1', kind: 'Connector', metadata, spec: { routingKey: 'backend', port: 8080, host: 'db' } });

describe('metadataChecked', () => {
  for (const field of NAME_FIELDS) {
    it(`is true when the schema refused ${field}`, () => {
      expect(metadataChecked(refusing(field))).to.equal(true);
    });
  }

  it('is false when the schema refused nothing, or only other fields', () => {
    expect([metadataChecked(refusing()), metadataChecked(refusing('spec', 'spec.port', 'metadata.labels', 'metadata.namespace'))]).to.deep.equal([false, false]);
  });
});

describe('apiServerNameErrors', () => {
  const cases: Array<[string, unknown, FieldError[]]> = [
    ['a valid name', { name: 'backend' }, []],
    ['a name that is no DNS-1123 subdomain', { name: 'Back_End' }, [invalid('metadata.name', 'Back_End', SUBDOMAIN_MSG)]],
    ['a generateName whose names would be no subdomain', { generateName: 'Back_' }, [invalid('metadata.generateName', 'Back_', SUBDOMAIN_MSG)]],
    ['neither name nor generateName', {}, [required('metadata.name', 'name or generateName is required')]],
  ];
  for (const [name, metadata, errors] of cases) {
    it(`checks ${name}, as the API server does`, () => {
      expect(apiServerNameErrors(named(metadata), ruleContext())).to.deep.equal(errors);
    });
  }

  context('when the schema already refused the name fields', () => {
    for (const field of NAME_FIELDS) {
      it(`says nothing more (${field} refused)`, () => {
        expect(apiServerNameErrors(named({ name: 'Back_End' }), refusing(field))).to.deep.equal([]);
      });
    }
  });

  it('still checks the name when the schema refused other fields', () => {
    expect(apiServerNameErrors(named({ name: 'Back_End' }), refusing('spec.port'))).to.deep.equal([invalid('metadata.name', 'Back_End', SUBDOMAIN_MSG)]);
  });
});

describe('secretNameErrors', () => {
  const FIELD = 'spec.tlsCredentials';
  const cases: Array<[string, unknown, FieldError[]]> = [
    ['a Secret name', 'backend-tls', []],
    ['a Secret name with dots, a subdomain', 'backend.tls', []],
    ['a subdomain of 253 characters', 's'.repeat(253), []],
    ['a name that is no DNS-1123 subdomain', 'Backend_TLS', [invalid(FIELD, 'Backend_TLS', SUBDOMAIN_MSG)]],
    ['a name over 253 characters', 's'.repeat(254), [invalid(FIELD, 's'.repeat(254), SUBDOMAIN_TOO_LONG_MSG)]],
    ['an empty name, which Skupper reads as none', '', []],
    ['no value at all', undefined, []],
    // A value of the wrong type is the schema's to refuse, in its own words.
    ['a number, left to the schema', 42, []],
    ['an object, left to the schema', { name: 'Backend_TLS' }, []],
  ];
  for (const [name, value, errors] of cases) {
    it(`checks ${name}`, () => {
      expect(secretNameErrors(FIELD, value)).to.deep.equal(errors);
    });
  }

  it('names the field it is given', () => {
    expect(secretNameErrors('spec.caSecret', 'Bad_Secret')).to.deep.equal([invalid('spec.caSecret', 'Bad_Secret', SUBDOMAIN_MSG)]);
  });
});
