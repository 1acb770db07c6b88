import { expect } from 'chai';
import { pruneNulls } from '../../src/validation/prune-nulls.js';

const schema = {
  type: 'object',
  properties: {
    metadata: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: true },
    spec: {
      type: 'object',
      properties: { host: { type: 'string' }, maybe: { type: 'string', nullable: true }, settings: { type: 'object', additionalProperties: { type: 'string' } } },
    },
    status: { type: 'object', additionalProperties: true },
  },
};

describe('pruneNulls', () => {
  it('removes nulls from declared fields, at any declared depth, and from map values with a schema', () => {
    const object = { metadata: { name: null, labels: null }, spec: { host: null, settings: { a: null, b: 'x' } }, extra: null };
    expect(pruneNulls(schema, object)).to.deep.equal({ metadata: { labels: null }, spec: { settings: { b: 'x' } }, extra: null });
  });

  it('keeps nulls where the schema allows them or does not say (nullable, open objects, undeclared fields)', () => {
    const object = { spec: { maybe: null }, status: { anything: null }, metadata: { annotations: null } };
    expect(pruneNulls(schema, object)).to.equal(object);
  });

  it('removes a declared object that is null itself', () => {
    expect(pruneNulls(schema, { spec: null, status: null })).to.deep.equal({});
  });

  it('returns the object itself when there is nothing to prune, and never changes it', () => {
    const object = { metadata: { name: 'a' }, spec: { host: 'h', settings: { a: 'b' } } };
    expect(pruneNulls(schema, object)).to.equal(object);
    const withNull = { spec: { host: null, settings: { a: 'b' } } };
    const pruned = pruneNulls(schema, withNull) as Record<string, any>;
    expect(withNull.spec.host, 'the input is untouched').to.equal(null);
    expect(pruned['spec']['settings'], 'untouched parts are shared').to.equal(withNull.spec.settings);
  });

  it('leaves values that are not objects alone', () => {
    for (const value of [null, 'x', 1, [null]]) expect(pruneNulls(schema, value)).to.equal(value);
  });
});
