import { expect } from 'chai';
import { parseDocument } from 'yaml';
import { exceedsNestingDepth, MAX_NESTING_DEPTH, tooDeepOffset } from '../../../src/check/read/nesting-depth.js';

/** nested is value inside depth arrays. */
function nested(depth: number, value: unknown = 1): unknown {
  let result = value;
  for (let i = 0; i < depth; i++) result = [result];
  return result;
}

describe('exceedsNestingDepth', () => {
  const cases: { name: string; value: unknown; limit: number; expected: boolean }[] = [
    { name: 'a scalar has no depth', value: 'x', limit: 0, expected: false },
    { name: 'null has no depth', value: null, limit: 0, expected: false },
    { name: 'a collection is one level', value: {}, limit: 0, expected: true },
    { name: 'a collection at the limit is within it', value: { a: [{ b: 1 }] }, limit: 3, expected: false },
    { name: 'a mapping past the limit', value: { a: [{ b: {} }] }, limit: 3, expected: true },
    { name: 'a sequence past the limit, after shallow siblings', value: [1, [2], [[[]]]], limit: 3, expected: true },
    { name: 'MAX_NESTING_DEPTH levels are allowed', value: nested(MAX_NESTING_DEPTH), limit: MAX_NESTING_DEPTH, expected: false },
    { name: 'one more is not', value: nested(MAX_NESTING_DEPTH + 1), limit: MAX_NESTING_DEPTH, expected: true },
  ];
  for (const { name, value, limit, expected } of cases) {
    it(name, () => {
      expect(exceedsNestingDepth(value, limit)).to.equal(expected);
    });
  }

  it('stops at the limit, so a value far deeper never exhausts the stack', () => {
    expect(exceedsNestingDepth(nested(1_000_000))).to.equal(true);
  });
});

describe('tooDeepOffset', () => {
  const cases: { name: string; text: string; limit: number; expected: number | undefined }[] = [
    { name: 'none within the limit', text: 'a: [1, {b: 2}]\n', limit: 3, expected: undefined },
    { name: 'the first collection past the limit, in a flow', text: 'a: [1, [[2]]]\n', limit: 3, expected: 8 },
    { name: 'the first in document order', text: 'a: [[[1]]]\nb: [[[2]]]\n', limit: 3, expected: 5 },
    { name: 'a block mapping starts at its first key', text: 'a:\n  b:\n    c: 1\n', limit: 2, expected: 12 },
    { name: 'a scalar at the limit is fine', text: 'a: [[x]]\n', limit: 3, expected: undefined },
  ];
  for (const { name, text, limit, expected } of cases) {
    it(name, () => {
      expect(tooDeepOffset(parseDocument(text), limit)).to.equal(expected);
    });
  }

  it('walks a tree far deeper than the call stack allows recursion', () => {
    const depth = 3000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const document = parseDocument(text);
    expect(tooDeepOffset(document, MAX_NESTING_DEPTH)).to.equal(MAX_NESTING_DEPTH);
  });
});
