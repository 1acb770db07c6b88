import { expect } from 'chai';
import { firstNonFiniteNumber } from '../../../src/check/read/json-numbers.js';
import { parseDocuments } from '../../../src/check/read/parse-documents.js';

describe('numbers JSON cannot hold', () => {
  describe('firstNonFiniteNumber', () => {
    it('finds the first NaN or infinity in document order, with its path', () => {
      expect(firstNonFiniteNumber({ a: 1, b: [0, { c: Infinity }], d: NaN })).to.deep.equal({ path: 'b[1].c', value: Infinity });
      expect(firstNonFiniteNumber([-Infinity])).to.deep.equal({ path: '[0]', value: -Infinity });
      expect(firstNonFiniteNumber(NaN)).to.deep.include({ path: '' });
    });

    it('finds nothing in finite JSON values, however deep', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i++) deep = [deep];
      for (const value of [null, 'NaN', { a: [1, 2.5, -0, 1e308] }, deep]) expect(firstNonFiniteNumber(value)).to.equal(undefined);
    });
  });

  describe('parseDocuments', () => {
    const cases: Array<[string, string, [number | undefined, number | undefined, string]]> = [
      ['.inf in YAML', 'apiVersion: v1\nkind: X\nspec: {port: .inf}\n', [3, 14, 'spec.port: +Inf is not a JSON number, so kubectl refuses the file (json: unsupported value: +Inf)']],
      ['-.Inf in a later YAML document', 'a: 1\n---\nb:\n  - -.Inf\n', [4, 5, 'b[0]: -Inf is not a JSON number, so kubectl refuses the file (json: unsupported value: -Inf)']],
      ['.NaN in YAML', 'x: .NaN\n', [1, 4, 'x: NaN is not a JSON number, so kubectl refuses the file (json: unsupported value: NaN)']],
      ['a JSON number past a double', '{"a": 1}\n{"spec": {"port": -1e400}}', [undefined, undefined, 'document 2: spec.port: -Inf is not a JSON number, so kubectl refuses the file (json: unsupported value: -Inf)']],
    ];
    for (const [name, text, [line, column, message]] of cases) {
      it(`refuses ${name} as kubectl does, at its place`, () => {
        const parsed = parseDocuments('f.yaml', text);
        expect(parsed.documents).to.deep.equal([]);
        expect(parsed.errors.map((e) => [e.line, e.column, e.message])).to.deep.equal([[line, column, message]]);
      });
    }

    it('reads the strings ".inf" and "NaN" as strings', () => {
      expect(parseDocuments('f.yaml', 'a: ".inf"\nb: NaN\nc: inf\n').documents.map((d) => d.value)).to.deep.equal([{ a: '.inf', b: 'NaN', c: 'inf' }]);
    });
  });
});
