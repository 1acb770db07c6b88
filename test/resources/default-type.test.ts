import { expect } from 'chai';
import fc from 'fast-check';
import jsonPatch from 'fast-json-patch';
import type { JsonPatchOperation, KubeObject } from '../../src/core/review.js';
import { DEFAULT_TYPE, defaultType } from '../../src/resources/default-type.js';

/** withSpec is a Connector whose spec is spec, or which has none when spec is undefined. */
const withSpec = (spec: unknown): KubeObject => ({
  apiVersion: 'skupper.io/v2alpha1',
  kind: 'Connector',
  metadata: { name: 'backend' },
  ...(spec === undefined ? {} : { spec }),
});

/** applied is object with patch applied, validated as RFC 6902 asks, on a copy. */
const applied = (object: KubeObject, patch: JsonPatchOperation[]): KubeObject =>
  jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument;

describe('defaultType', () => {
  it('defaults to tcp, the documented default', () => {
    expect(DEFAULT_TYPE).to.equal('tcp');
  });

  // The per-kind tables (typeDefaults) run absent, empty and null types, a missing spec and a string spec through /mutate; these are the rest.
  const cases: Array<[string, unknown, JsonPatchOperation[]]> = [
    ['adds the whole spec when spec is null', null, [{ op: 'add', path: '/spec', value: { type: 'tcp' } }]],
    ['adds the type to an empty spec', {}, [{ op: 'add', path: '/spec/type', value: 'tcp' }]],
    ['leaves a spec that is an array to validation', [{ type: 'udp' }], []],
    ['leaves a spec that is a number to validation', 8080, []],
    ['leaves a type that is a number to validation', { type: 0 }, []],
    ['leaves a type that is false to validation', { type: false }, []],
    ['leaves a type that is an object to validation', { type: {} }, []],
    ['never trims a type of blanks into an empty one', { type: ' ' }, []],
    ['never lower-cases an explicit type', { type: 'TCP' }, []],
  ];
  for (const [name, spec, patch] of cases) {
    it(name, () => {
      expect(defaultType(withSpec(spec))).to.deep.equal(patch);
    });
  }

  context('for any spec JSON can hold', () => {
    const spec = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue(),
      fc.record({ type: fc.oneof(fc.constantFrom(null, '', 'tcp'), fc.jsonValue()), port: fc.jsonValue() }, { requiredKeys: ['port'] }),
    );

    it('answers a patch that applies and makes the object need none, changing nothing but spec.type', () => {
      fc.assert(
        fc.property(spec, (value) => {
          const object = withSpec(value);
          const before = structuredClone(object);
          const patch = defaultType(object);
          expect(object, 'the object itself is left alone').to.deep.equal(before);
          if (patch.length === 0) return;
          expect(patch).to.have.length(1);
          const result = applied(object, patch);
          expect(defaultType(result), 'idempotent').to.deep.equal([]);
          const expected = structuredClone(object);
          expected['spec'] = { ...((object['spec'] ?? {}) as object), type: DEFAULT_TYPE };
          expect(result).to.deep.equal(expected);
        }),
      );
    });
  });
});
