import { expect } from 'chai';
import { parseDocument, stringify } from 'yaml';
import { goYamlTags } from '../../../src/check/read/go-yaml-tags.js';

/** OPTIONS are the `yaml` package's YAML 1.1 tags with go-yaml's scalars, as `check` reads and writes. */
const OPTIONS = { version: '1.1', customTags: goYamlTags } as const;

/** read parses text and returns its value and the messages of its errors. */
function read(text: string): { value: unknown; errors: string[] } {
  const document = parseDocument(text, OPTIONS);
  return { value: document.toJS(), errors: document.errors.map((e) => e.message.split(' at line')[0]!) };
}

describe('goYamlTags', () => {
  context('when a plain scalar is read', () => {
    // Each differs from what the `yaml` package's own YAML 1.1 tags make of it, or is go-yaml's own.
    const cases: [string, string, unknown][] = [
      ['1:30 is a string, not base 60', '1:30', '1:30'],
      ['a dot is a string, not NaN', '.', '.'],
      ['0o17 is octal, as Go reads it', '0o17', 15],
      ['0777 is octal', '0777', 511],
      ['y is true, as go-yaml v2 has it', 'y', true],
      ['off is false', 'off', false],
      ['~ is null', '~', null],
      ['a timestamp stays its text', '2001-12-14', '2001-12-14'],
      ['past uint64 is a float', '18446744073709551616', 18446744073709551616],
      ['underscores are dropped from a number', '1_000', 1000],
    ];
    for (const [name, text, value] of cases) {
      it(name, () => {
        expect(read(text)).to.deep.equal({ value, errors: [] });
      });
    }
  });

  context('when a scalar carries an explicit tag', () => {
    const cases: [string, string, unknown, string[]][] = [
      ['!!int reads a quoted number', '!!int "12"', 12, []],
      ['!!float takes an int', '!!float 1', 1, []],
      ['!!bool takes go-yaml\'s yes', '!!bool yes', true, []],
      ['!!timestamp keeps a timestamp\'s text', '!!timestamp 2001-12-14', '2001-12-14', []],
      ['!!int refuses text, as go-yaml does', '!!int abc', 'abc', ['cannot decode !!str `abc` as a !!int']],
      ['!!timestamp refuses what is no timestamp', '!!timestamp 2001-02-29', '2001-02-29', ['cannot decode !!str `2001-02-29` as a !!timestamp']],
      ['!!bool refuses a number, keeping its text', '!!bool 1', '1', ['cannot decode !!int `1` as a !!bool']],
    ];
    for (const [name, text, value, errors] of cases) {
      it(name, () => {
        expect(read(text)).to.deep.equal({ value, errors });
      });
    }
  });

  context('when a mapping has a merge key', () => {
    it('still merges, as go-yaml does', () => {
      expect(read('base: &b {port: 8080}\nspec: {<<: *b, host: backend}')).to.deep.equal({
        value: { base: { port: 8080 }, spec: { port: 8080, host: 'backend' } },
        errors: [],
      });
    });
  });

  context('when values are written', () => {
    it('quotes every string go-yaml would read as something else (a key too), and no other', () => {
      const values = { bool: 'yes', merge: '<<', timestamp: '2001-12-14', octal: '0o17', number: '12', null: '~', base60: '1:30', dot: '.', text: 'abc' };
      expect(stringify(values, OPTIONS)).to.equal(
        ['bool: "yes"', 'merge: "<<"', 'timestamp: "2001-12-14"', 'octal: "0o17"', 'number: "12"', '"null": "~"', 'base60: 1:30', 'dot: .', 'text: abc', ''].join('\n'),
      );
    });

    it('writes null, booleans and numbers plainly', () => {
      expect(stringify({ a: null, b: true, c: false, d: 15, e: 1.5, f: 12n }, OPTIONS)).to.equal('a: null\nb: true\nc: false\nd: 15\ne: 1.5\nf: 12\n');
    });

    it('reads back what it wrote', () => {
      const values = { a: 'yes', b: '<<', c: '1:30', d: '0777', e: 511, f: null, g: '2001-12-14' };
      expect(read(stringify(values, OPTIONS)).value).to.deep.equal(values);
    });
  });
});
