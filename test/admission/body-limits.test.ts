import { expect } from 'chai';
import { checkBodyLimits, GO_JSON_MAX_DEPTH, MAX_JSON_VALUES, MAX_NESTING_DEPTH } from '../../src/admission/body-limits.js';
import { RequestError } from '../../src/admission/request-error.js';

/** refusal is the RequestError checkBodyLimits throws for body, or undefined when it passes. */
function refusal(body: string): { statusCode: number; reason: string; message: string } | undefined {
  try {
    checkBodyLimits(body);
    return undefined;
  } catch (e) {
    expect(e).to.be.instanceOf(RequestError);
    const { statusCode, reason, message } = e as RequestError;
    return { statusCode, reason, message };
  }
}

/** arrayOf is a JSON array of count copies of item, as text. */
const arrayOf = (count: number, item: string) => `[${Array(count).fill(item).join(',')}]`;
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('checkBodyLimits', () => {
  it("allows an object as deep as Go's decoder allows inside the review's own two levels", () => {
    expect(MAX_NESTING_DEPTH).to.equal(GO_JSON_MAX_DEPTH + 2);
    expect(refusal(nested(MAX_NESTING_DEPTH))).to.equal(undefined);
  });

  it('refuses one level more with 400, before parsing', () => {
    expect(refusal(nested(MAX_NESTING_DEPTH + 1))).to.deep.equal({
      statusCode: 400,
      reason: 'too_deeply_nested',
      message: `request body is nested too deeply: more than ${MAX_NESTING_DEPTH} levels`,
    });
  });

  it('refuses a body nested millions deep as soon as it passes the limit', () => {
    expect(refusal(nested(3_000_000))?.reason).to.equal('too_deeply_nested');
  });

  it('counts every value once, the array holding them included', () => {
    expect(refusal(arrayOf(MAX_JSON_VALUES - 1, '0'))).to.equal(undefined);
    expect(refusal(arrayOf(MAX_JSON_VALUES, '0'))).to.deep.equal({
      statusCode: 413,
      reason: 'too_many_values',
      message: `request body holds more than ${MAX_JSON_VALUES} JSON values`,
    });
  });

  for (const [shape, item] of [
    ['empty arrays', '[]'],
    ['empty objects', '{}'],
    ['strings', '"s"'],
    ['nulls', 'null'],
    ['booleans', 'true'],
  ] as const) {
    it(`counts ${shape} as values`, () => {
      expect(refusal(arrayOf(MAX_JSON_VALUES - 1, item))).to.equal(undefined);
      expect(refusal(arrayOf(MAX_JSON_VALUES, item))?.reason).to.equal('too_many_values');
    });
  }

  it('counts an object member as its value alone, not its key', () => {
    const members = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    expect(refusal(members(MAX_JSON_VALUES - 1))).to.equal(undefined);
    expect(refusal(members(MAX_JSON_VALUES))?.reason).to.equal('too_many_values');
  });

  it('reads brackets, commas and colons inside strings as text', () => {
    const text = JSON.stringify({ a: '[{,:'.repeat(MAX_JSON_VALUES), b: '['.repeat(MAX_NESTING_DEPTH + 1) });
    expect(refusal(text)).to.equal(undefined);
  });

  it('leaves syntax to JSON.parse', () => {
    expect(refusal(`${arrayOf(20_000, '0')} trailing`)).to.equal(undefined);
  });
});
