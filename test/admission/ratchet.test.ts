import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import fc from 'fast-check';
import { ratchet, sameJson } from '../../src/admission/ratchet.js';
import type { FieldError } from '../../src/validation/field-error.js';

/** nested is value wrapped in depth arrays. */
function nested(depth: number, value: unknown): unknown {
  let current = value;
  for (let i = 0; i < depth; i++) current = [current];
  return current;
}

/** asParsed is value as JSON.parse would give it back (so -0 is 0, as in a request). */
const asParsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('ratchet', () => {
  describe('sameJson', () => {
    it('tells equal JSON values from different ones', () => {
      expect(sameJson({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] }), 'key order does not matter').to.equal(true);
      expect(sameJson([1, 2], [2, 1]), 'array order does').to.equal(false);
      expect(sameJson({ a: 1 }, { a: 1, b: 2 })).to.equal(false);
      expect(sameJson({ a: undefined }, { b: undefined }), 'different keys').to.equal(false);
      expect(sameJson([], {})).to.equal(false);
      expect(sameJson('1', 1)).to.equal(false);
      expect(sameJson(null, {})).to.equal(false);
      expect(sameJson(-0, 0), 'JSON has one zero').to.equal(true);
    });

    it('compares values nested 20,000 deep without exhausting the stack', () => {
      expect(sameJson(nested(20_000, 1), nested(20_000, 1))).to.equal(true);
      expect(sameJson(nested(20_000, 1), nested(20_000, 2))).to.equal(false);
      expect(() => isDeepStrictEqual(nested(20_000, 1), nested(20_000, 1)), 'what it replaces').to.throw(RangeError);
    });

    it('agrees with util.isDeepStrictEqual on any two JSON values', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (a, b) => {
          const [x, y] = [asParsed(a), asParsed(b)];
          expect(sameJson(x, y)).to.equal(isDeepStrictEqual(x, y));
          expect(sameJson(x, asParsed(x)), 'a value equals its copy').to.equal(true);
        }),
      );
    });
  });

  describe('ratchet', () => {
    const error = (field: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue: 0, detail: 'bad' });

    it('drops the errors of fields the update left as they were, however deep their values', () => {
      const old = { spec: { port: nested(20_000, 1), host: 'a' } };
      const changed = { spec: { port: nested(20_000, 1), host: 'b' } };
      expect(ratchet([error('spec.port'), error('spec.host')], changed, old).map((e) => e.field)).to.deep.equal(['spec.host']);
    });

    it('finds an item of a list by its index: one left where it was ratchets, one added or changed does not', () => {
      const item = (i: number): FieldError => ({ ...error(`spec.keys[${i}]`), path: ['spec', 'keys', String(i)] });
      const old = { spec: { keys: [{}, 'a'] } };
      const changed = { spec: { keys: [{}, 'b', {}] } };
      expect(ratchet([item(0), item(1), item(2)], changed, old).map((e) => e.field)).to.deep.equal(['spec.keys[1]', 'spec.keys[2]']);
    });

    it('reads an index in a field path without path segments ("spec.keys[1]", as a rule words it)', () => {
      const old = { spec: { keys: ['a', 'b'] } };
      const changed = { spec: { keys: ['a', 'a'] } };
      expect(ratchet([error('spec.keys[0]'), error('spec.keys[1]')], changed, old).map((e) => e.field)).to.deep.equal(['spec.keys[1]']);
    });

    it('keeps every error on CREATE (no old object)', () => {
      expect(ratchet([error('spec.port')], { spec: { port: 0 } }, undefined)).to.have.length(1);
    });
  });
});
