import { expect } from 'chai';
import fc from 'fast-check';
import type { SchemaObject } from 'ajv';
import { attachedConnectorBinding } from '../../src/resources/attached-connector-binding.js';
import { listener } from '../../src/resources/listener.js';
import { shortened } from '../../src/validation/shorten.js';
import { firstUnknownFields, unknownFields } from '../../src/validation/unknown-fields.js';

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

/** A schema tree: objects with properties, open or closed, and plain leaves. */
const schema: fc.Arbitrary<SchemaObject> = fc.letrec<{ node: SchemaObject }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant({ type: 'string' }),
    fc.record(
      { type: fc.constant('object'), properties: fc.dictionary(key, tie('node'), { maxKeys: 4 }), additionalProperties: fc.constantFrom(true, { type: 'string' }) },
      { requiredKeys: ['type', 'properties'] },
    ),
  ),
})).node;

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

  it('shows a long unknown key shortened', () => {
    const key = 'k'.repeat(1_000);
    expect(unknownFields(listener.schema, { spec: { [key]: 1 } })).to.deep.equal([`spec.${shortened(key)}`]);
  });
});
