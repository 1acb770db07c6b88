import { expect } from 'chai';
import { apiServerRejection } from '../../src/check/api-server-checks.js';
import { metadataNameErrors } from '../../src/validation/object-meta.js';
import { formatFieldError } from '../../src/validation/field-error.js';
import { LISTENER_KIND, requestFor, validListener } from '../fixtures/reviews.js';

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadataNameErrors', () => {
  const cases: { rule: string; metadata: unknown; expected: string[] }[] = [
    { rule: 'a valid name passes', metadata: { name: 'backend' }, expected: [] },
    {
      rule: 'neither name nor generateName is refused in apimachinery’s words',
      metadata: { namespace: 'west' },
      expected: ['metadata.name: Required value: name or generateName is required'],
    },
    { rule: 'an empty name counts as none', metadata: { name: '' }, expected: ['metadata.name: Required value: name or generateName is required'] },
    { rule: 'no metadata at all counts as no name', metadata: undefined, expected: ['metadata.name: Required value: name or generateName is required'] },
    { rule: 'a generateName stands in for the name', metadata: { generateName: 'backend-' }, expected: [] },
    { rule: 'a generateName prefix may end in a dash', metadata: { generateName: 'b-' }, expected: [] },
    {
      rule: 'a name must be a DNS-1123 subdomain',
      metadata: { name: 'Bad_Name' },
      expected: [`metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MESSAGE}`],
    },
    {
      rule: 'a generateName must be a DNS-1123 subdomain prefix',
      metadata: { generateName: 'Bad_' },
      expected: [`metadata.generateName: Invalid value: "Bad_": ${SUBDOMAIN_MESSAGE}`],
    },
    { rule: 'a name of the wrong type is left to the schema', metadata: { name: 7 }, expected: [] },
    { rule: 'a metadata of the wrong type is left to the schema', metadata: 'backend', expected: [] },
  ];

  for (const { rule, metadata, expected } of cases) {
    it(rule, () => {
      const object = metadata === undefined ? { kind: 'Listener' } : { kind: 'Listener', metadata };
      expect(metadataNameErrors(object).map(formatFieldError)).to.deep.equal(expected);
    });
  }
});

describe('apiServerRejection', () => {
  it('denies a nameless object as the API server does', () => {
    const object = validListener();
    delete object['metadata']['name'];
    const request = requestFor(object, { uid: 'u-1' });
    expect(apiServerRejection(request, object)).to.deep.equal({
      uid: 'u-1',
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: 'Listener.skupper.io "" is invalid: metadata.name: Required value: name or generateName is required',
        details: {
          name: '',
          group: 'skupper.io',
          kind: 'Listener',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
        },
      },
    });
  });

  it('lets a named object through to the validating webhooks', () => {
    expect(apiServerRejection(requestFor(validListener()), validListener())).to.equal(undefined);
  });

  it('names the kind from the request', () => {
    const response = apiServerRejection({ uid: 'u', kind: LISTENER_KIND, operation: 'CREATE' }, { metadata: { name: 'X' } });
    expect(response?.status?.message).to.match(/^Listener\.skupper\.io "X" is invalid: metadata\.name: Invalid value: "X": /);
  });
});
