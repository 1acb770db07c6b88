import { expect } from 'chai';
import { MAX_SHOWN_CHARS, NESTED_TOO_DEEPLY_TO_SHOW, quoted, quotedJson, shortened } from '../../src/validation/shorten.js';

describe('shorten', () => {
  const long = 'a'.repeat(MAX_SHOWN_CHARS + 1);
  const head = 'a'.repeat(MAX_SHOWN_CHARS);

  describe('shortened', () => {
    it('keeps a text up to MAX_SHOWN_CHARS whole', () => {
      expect(shortened(head)).to.equal(head);
    });

    it('cuts a longer one and gives its whole size in bytes', () => {
      expect(shortened(long)).to.equal(`${head}... (${MAX_SHOWN_CHARS + 1} bytes)`);
      expect(shortened('é'.repeat(300))).to.equal(`${'é'.repeat(MAX_SHOWN_CHARS)}... (600 bytes)`);
    });

    it('never cuts a surrogate pair in two', () => {
      const text = `${'a'.repeat(MAX_SHOWN_CHARS - 1)}😀${'b'.repeat(10)}`;
      expect(shortened(text)).to.equal(`${'a'.repeat(MAX_SHOWN_CHARS - 1)}... (${MAX_SHOWN_CHARS - 1 + 4 + 10} bytes)`);
    });
  });

  describe('quoted', () => {
    it('quotes as JSON (and Go %q) does', () => {
      expect(quoted('a"b\n')).to.equal('"a\\"b\\n"');
    });

    it('quotes the head of a long text and says outside the quotes that it was cut', () => {
      expect(quoted(long)).to.equal(`"${head}"... (${MAX_SHOWN_CHARS + 1} bytes)`);
    });
  });

  describe('quotedJson', () => {
    it('writes a value as JSON, cut like a text', () => {
      expect(quotedJson({ a: 1 })).to.equal('{"a":1}');
      expect(quotedJson(null)).to.equal('null');
      expect(quotedJson(long)).to.equal(quoted(long));
      const array = Array(200).fill(1);
      expect(quotedJson(array)).to.equal(`${JSON.stringify(array).slice(0, MAX_SHOWN_CHARS)}... (${JSON.stringify(array).length} bytes)`);
    });

    it('stands in for a value nested too deeply for JSON.stringify, which recurses', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 200_000; i++) deep = [deep];
      expect(quotedJson(deep)).to.equal(NESTED_TOO_DEEPLY_TO_SHOW);
    });
  });
});
