import { expect } from 'chai';
import { InputError } from '../../../src/check/read/input-error.js';
import { parseJsonStream } from '../../../src/check/read/parse-json-stream.js';

/** parsed drops an InputError to what a reader checks: place and message. */
function parsed(text: string): unknown {
  const result = parseJsonStream('f.json', text);
  return result instanceof InputError ? { line: result.line, column: result.column, message: result.message } : result;
}

describe('parseJsonStream', () => {
  context('when the text is JSON', () => {
    const cases: { name: string; text: string; expected: unknown[] }[] = [
      { name: 'one value is one value', text: '{"a": 1}\n', expected: [{ a: 1 }] },
      { name: 'values follow one another, with or without whitespace between', text: '{"a":1}{"b":2}\n[1] 2 "x"\r\nnull true', expected: [{ a: 1 }, { b: 2 }, [1], 2, 'x', null, true] },
      { name: 'a byte order mark before the first value is no part of it', text: '\uFEFF{"a": 1}', expected: [{ a: 1 }] },
      { name: 'empty collections and spaces between tokens', text: '{ "a" : [ ] , "b" : { } }', expected: [{ a: [], b: {} }] },
      { name: 'numbers and escapes read as JSON.parse reads them', text: '{"a":1e5,"b":-0.5E-3,"c":"\\u00e9\\n\\/"}', expected: [{ a: 100000, b: -0.0005, c: 'é\n/' }] },
      { name: 'nesting up to the limit', text: `${'['.repeat(256)}${']'.repeat(256)}`, expected: [JSON.parse(`${'['.repeat(256)}${']'.repeat(256)}`)] },
      { name: 'the same key in two objects is no duplicate', text: '{"a":{"b":1},"b":{"b":2}}', expected: [{ a: { b: 1 }, b: { b: 2 } }] },
    ];
    for (const { name, text, expected } of cases) {
      it(name, () => {
        expect(parsed(text)).to.deep.equal(expected);
      });
    }
  });

  context('when the text is not JSON', () => {
    // Each rule names what kubectl's JSON decoder (Go's encoding/json) refuses too.
    const cases: { name: string; text: string; expected: { line: number; column: number; message: string } }[] = [
      { name: 'a duplicate key', text: '{"a": 1,\n "a": 2}', expected: { line: 2, column: 2, message: 'duplicate key "a"' } },
      { name: 'a duplicate key written with other escapes', text: '{"x\\"y": 1, "x\\u0022y": 2}', expected: { line: 1, column: 13, message: 'duplicate key "x\\"y"' } },
      { name: 'a duplicate __proto__', text: '{"__proto__": 1, "__proto__": 2}', expected: { line: 1, column: 18, message: 'duplicate key "__proto__"' } },
      { name: 'a missing value', text: '{"a":}', expected: { line: 1, column: 6, message: 'not valid JSON: expected a value, found "}"' } },
      { name: 'a trailing comma in an object', text: '{"a":1,}', expected: { line: 1, column: 8, message: 'not valid JSON: expected a double-quoted key, found "}"' } },
      { name: 'a trailing comma in an array', text: '[1,]', expected: { line: 1, column: 4, message: 'not valid JSON: expected a value, found "]"' } },
      { name: 'YAML after JSON', text: '{"a":1}\n---\n{}', expected: { line: 2, column: 1, message: 'not valid JSON: expected a value, found "-"' } },
      { name: 'a leading zero', text: '{"a":01}', expected: { line: 1, column: 7, message: 'not valid JSON: expected "," or "}", found a number' } },
      { name: 'a number without digits after its point', text: '{"a":1.}', expected: { line: 1, column: 6, message: 'not valid JSON: incomplete number' } },
      { name: 'a lone minus', text: '{"a":-}', expected: { line: 1, column: 6, message: 'not valid JSON: expected a value, found "-"' } },
      { name: 'single quotes', text: "{'a':1}", expected: { line: 1, column: 2, message: 'not valid JSON: expected a double-quoted key or "}", found "\'a\'"' } },
      { name: 'a word that is not true, false or null', text: '{"a":tru}', expected: { line: 1, column: 6, message: 'not valid JSON: expected a value, found "tru"' } },
      { name: 'a long word, quoted in part', text: '{"a":abcdefghijklmnopqrstuvwxyz}', expected: { line: 1, column: 6, message: 'not valid JSON: expected a value, found "abcdefghijklmnopqrst…"' } },
      { name: 'a space JSON does not allow', text: '{"a":1}\u00a0', expected: { line: 1, column: 8, message: 'not valid JSON: expected a value, found character U+00A0' } },
      { name: 'a line break in a string', text: '{"a":"x\ny"}', expected: { line: 1, column: 6, message: 'not valid JSON: unterminated string' } },
      { name: 'an unknown escape', text: '{"a":"\\q"}', expected: { line: 1, column: 6, message: 'not valid JSON: invalid escape in a string' } },
      { name: 'a short \\u escape', text: '{"a":"\\u00"}', expected: { line: 1, column: 6, message: 'not valid JSON: a \\u escape needs four hex digits' } },
      { name: 'a raw control character in a string', text: '{"a":"\t"}', expected: { line: 1, column: 6, message: 'not valid JSON: a control character in a string must be escaped' } },
      { name: 'a comment', text: '{"a":1 // why\n}', expected: { line: 1, column: 8, message: 'not valid JSON: comments are not allowed' } },
      { name: 'a block comment', text: '{/* why */"a":1}', expected: { line: 1, column: 2, message: 'not valid JSON: comments are not allowed' } },
      { name: 'an unclosed array at the end', text: '{"a":[1', expected: { line: 1, column: 8, message: 'not valid JSON: expected "," or "]", found the end of the input' } },
      { name: 'a key without a colon', text: '{"a" 1}', expected: { line: 1, column: 6, message: 'not valid JSON: expected ":", found a number' } },
      { name: 'a bracket that closes a brace', text: '{"a":1]', expected: { line: 1, column: 7, message: 'not valid JSON: expected "," or "}", found "]"' } },
      { name: 'a brace that closes a bracket', text: '[1}', expected: { line: 1, column: 3, message: 'not valid JSON: expected "," or "]", found "}"' } },
      { name: 'a closer with nothing open', text: '{}}', expected: { line: 1, column: 3, message: 'not valid JSON: expected a value, found "}"' } },
      { name: 'nesting past the limit, at the first collection too deep', text: `{"a": ${'['.repeat(300)}`, expected: { line: 1, column: 262, message: 'nested too deeply: more than 256 levels' } },
      { name: 'a column counts from the line, after CRLF', text: '{\r\n  "a": 1,\r\n  "a": 2}', expected: { line: 3, column: 3, message: 'duplicate key "a"' } },
    ];
    for (const { name, text, expected } of cases) {
      it(`refuses ${name}`, () => {
        expect(parsed(text)).to.deep.equal(expected);
      });
    }
  });

  it('keeps a quoted key on one line', () => {
    const error = parseJsonStream('f.json', '{"a\\nb": 1, "a\\nb": 2}') as InputError;
    expect(error.message).to.equal('duplicate key "a\\nb"');
  });
});
