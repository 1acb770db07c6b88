import { expect } from 'chai';
import fc from 'fast-check';
import { Ajv, type SchemaObject } from 'ajv';
import { attachedConnectorBinding } from '../../src/resources/attached-connector-binding.js';
import { listener } from '../../src/resources/listener.js';
import { shortened } from '../../src/validation/shorten.js';
import { closedSchema, firstUnknownFields, unknownFields } from '../../src/validation/unknown-fields.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** reference is the rule stated plainly: walk every key the schema describes, report keys a closed object does not know. */
function reference(schema: SchemaObject, value: unknown, path = ''): string[] {
  if (!isObject(value) || !isObject(schema['properties'])) return [];
  const properties = schema['properties'] as Record<string, SchemaObject>;
  const closed = schema['additionalProperties'] === undefined;
  return Object.keys(value).flatMap((key) => {
    const child = path === '' ? key : `${path}.${key}`;
    if (Object.prototype.hasOwnProperty.call(properties, key)) return reference(properties[key]!, value[key], child);
    return closed ? [child] : [];
  });
}

const KEYS = ['a', 'b', 'c', 'spec', 'metadata', '__proto__', 'constructor', 'x.y'];
const key = fc.constantFrom(...KEYS);

/** schemaOver makes schema trees over keys: objects with properties, open or closed, and plain leaves. */
function schemaOver(keys: fc.Arbitrary<string>): fc.Arbitrary<SchemaObject> {
  return fc.letrec<{ node: SchemaObject }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant({ type: 'string' }),
      fc.record(
        { type: fc.constant('object'), properties: fc.dictionary(keys, tie('node'), { maxKeys: 4 }), additionalProperties: fc.constantFrom(true, { type: 'string' }) },
        { requiredKeys: ['type', 'properties'] },
      ),
    ),
  })).node;
}

const schema = schemaOver(key);

/** schemaForAjv never declares a property __proto__, which ajv does not check as it checks others, and which no schema of ours declares. */
const schemaForAjv = schemaOver(fc.constantFrom(...KEYS.filter((k) => k !== '__proto__')));

/** A value with the same keys, so that the walk goes deep. */
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.dictionary(key, tie('v'), { maxKeys: 5 })),
})).v;

describe('unknownFields', () => {
  it('reports exactly the keys a closed schema object does not know, in document order, for any schema and value', () => {
    fc.assert(
      fc.property(schema, value, (s, v) => {
        expect(unknownFields(s, v)).to.deep.equal(reference(s, v));
      }),
      { numRuns: 1000 },
    );
  });

  it("reports the guarded kinds' unknown fields, and none under open metadata and status", () => {
    for (const rules of [listener, attachedConnectorBinding]) {
      const object = { apiVersion: 'v', kind: rules.kind, metadata: { name: 'n', labels: { a: 'b' }, managedFields: [{}] }, spec: { routingKey: 'r', extra: { deep: 1 } }, status: { anything: 1 }, stray: 1 };
      expect(unknownFields(rules.schema, object)).to.deep.equal(['spec.extra', 'stray']);
      expect(unknownFields(rules.schema, object)).to.deep.equal(reference(rules.schema, object));
    }
  });

  it('spells out only the first unknown fields it is asked for, and counts the rest', () => {
    fc.assert(
      fc.property(schema, value, fc.nat(6), (s, v, limit) => {
        const all = reference(s, v);
        expect(firstUnknownFields(s, v, limit)).to.deep.equal({ fields: all.slice(0, limit), more: Math.max(0, all.length - limit) });
      }),
      { numRuns: 500 },
    );
  });

  it('closes a schema exactly where the walk finds unknown fields: its closed form accepts a value that the schema accepts just when there are none', () => {
    const ajv = new Ajv({ strict: false });
    fc.assert(
      fc.property(schemaForAjv, value, (s, v) => {
        if (!ajv.validate(s, v)) return;
        expect(ajv.validate(closedSchema(s), v)).to.equal(reference(s, v).length === 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves the schema it closes as it was', () => {
    const before = JSON.stringify(listener.schema);
    expect(closedSchema(listener.schema)).to.not.equal(listener.schema);
    expect(JSON.stringify(listener.schema)).to.equal(before);
  });

  it('shows a long unknown key shortened', () => {
    const key = 'k'.repeat(1_000);
    expect(unknownFields(listener.schema, { spec: { [key]: 1 } })).to.deep.equal([`spec.${shortened(key)}`]);
  });
});
