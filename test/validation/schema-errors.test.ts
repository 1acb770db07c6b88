import { Ajv, type SchemaObject } from 'ajv';
import { expect } from 'chai';
import { formatFieldError } from '../../src/validation/field-error.js';
import { fieldPath, jsonType, pathSegments, schemaErrors } from '../../src/validation/schema-errors.js';

/** SPEC is a schema with one field per keyword that schemaErrors words. */
const SPEC: SchemaObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['routingKey'],
      properties: {
        routingKey: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        type: { type: 'string', enum: ['tcp', 'udp'] },
        code: { type: 'string', minLength: 3, pattern: '^[a-z]+$' },
        hosts: { type: 'array', items: { type: 'string' } },
        settings: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

/** causes validates object against SPEC as the webhook compiles schemas, and formats what schemaErrors makes of ajv's errors. */
function causes(spec: Record<string, unknown>): string[] {
  const validate = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(SPEC);
  validate({ spec });
  return schemaErrors(validate.errors, { spec }).errors.map(formatFieldError);
}

describe('schemaErrors', () => {
  const cases: [rule: string, spec: Record<string, unknown>, expected: string[]][] = [
    ['a missing required field is Required value', {}, ['spec.routingKey: Required value']],
    ['an empty required string is Required value, as Kubernetes reports it', { routingKey: '' }, ['spec.routingKey: Required value']],
    [
      'a value of the wrong type names both types, as a structural schema does',
      { routingKey: 'a', port: '80' },
      ['spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"'],
    ],
    [
      'a number under the minimum',
      { routingKey: 'a', port: 0 },
      ['spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1'],
    ],
    [
      'a number over the maximum',
      { routingKey: 'a', port: 65536 },
      ['spec.port: Invalid value: 65536: spec.port in body should be less than or equal to 65535'],
    ],
    ['a value outside an enum lists the supported values', { routingKey: 'a', type: 'ftp' }, ['spec.type: Unsupported value: "ftp": supported values: "tcp", "udp"']],
    ['a string under a minimum length other than 1', { routingKey: 'a', code: 'ab' }, ['spec.code: Invalid value: "ab": spec.code in body should be at least 3 chars long']],
    ['an array item is named with its index', { routingKey: 'a', hosts: ['a', 7] }, ['spec.hosts[1]: Invalid value: "integer": spec.hosts[1] in body must be of type string: "integer"']],
    [
      'a map key with a slash is kept whole',
      { routingKey: 'a', settings: { 'a/b': 1 } },
      ['spec.settings.a/b: Invalid value: "integer": spec.settings.a/b in body must be of type string: "integer"'],
    ],
    [
      'every field is reported at once',
      { port: 0, type: 'ftp' },
      [
        'spec.routingKey: Required value',
        'spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1',
        'spec.type: Unsupported value: "ftp": supported values: "tcp", "udp"',
      ],
    ],
    ['one error per field: a type error hides the rest about that field', { routingKey: 'a', code: 5 }, ['spec.code: Invalid value: "integer": spec.code in body must be of type string: "integer"']],
  ];
  for (const [rule, spec, expected] of cases) {
    it(rule, () => {
      expect(causes(spec)).to.deep.equal(expected);
    });
  }

  it('carries the path as keys, for ratcheting', () => {
    const validate = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(SPEC);
    const object = { spec: { settings: { 'a/b': 1 } } };
    validate(object);
    expect(schemaErrors(validate.errors, object).errors.map((error) => error.path)).to.deep.equal([
      ['spec', 'routingKey'],
      ['spec', 'settings', 'a/b'],
    ]);
  });

  context('when there are no errors', () => {
    it('returns none', () => {
      expect([schemaErrors(null, {}), schemaErrors(undefined, {}), schemaErrors([], {})].map((found) => [found.errors, found.more])).to.deep.equal([[[], 0], [[], 0], [[], 0]]);
    });
  });
});

describe('fieldPath', () => {
  const data = {
    spec: { port: 'x', hosts: ['a'], routingKeys: { '7': -1, b: [{ w: 1 }] } },
    metadata: { labels: { 'a/b~c': 1 } },
  };
  const cases: [keys: string[], expected: string][] = [
    [[], ''],
    [['spec'], 'spec'],
    [['spec', 'port'], 'spec.port'],
    [['spec', 'hosts', '0'], 'spec.hosts[0]'],
    [['metadata', 'labels', 'a/b~c'], 'metadata.labels.a/b~c'],
    // kube-openapi joins an object's keys with dots whatever they are (object_validator.go), and brackets only an array's index.
    [['spec', 'routingKeys', '7'], 'spec.routingKeys.7'],
    [['spec', 'routingKeys', 'b', '0', 'w'], 'spec.routingKeys.b[0].w'],
    // Past what data holds (a missing property's parent), keys are keys.
    [['spec', 'absent', '0'], 'spec.absent.0'],
  ];
  for (const [keys, expected] of cases) {
    it(`writes ${JSON.stringify(keys)} as ${JSON.stringify(expected)}`, () => {
      expect(fieldPath(keys, data)).to.equal(expected);
    });
  }

  it('writes a top-level key of digits as a key', () => {
    expect(fieldPath(['0'], { '0': 1 })).to.equal('0');
  });
});

describe('pathSegments', () => {
  it('decodes a JSON Pointer into its keys', () => {
    expect([pathSegments(''), pathSegments('/spec/settings/a~1b'), pathSegments('/x/~01')]).to.deep.equal([[], ['spec', 'settings', 'a/b'], ['x', '~1']]);
  });
});

describe('jsonType', () => {
  it('names JSON types as kube-openapi does', () => {
    expect([null, [], 1, 1.5, 'a', true, {}].map(jsonType)).to.deep.equal(['null', 'array', 'integer', 'number', 'string', 'boolean', 'object']);
  });
});
