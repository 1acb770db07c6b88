import { expect } from 'chai';
import { load } from 'js-yaml';
import { parse, parseDocument } from 'yaml';
import { GO_YAML_SCHEMA } from '../../../src/check/read/go-yaml-schema.js';
import { YAML_OPTIONS } from '../../../src/check/read/parse-documents.js';
import { GO_YAML_RULES } from '../../fixtures/go-yaml-rules.js';

/** read is how loadYamlDocuments reads one scalar. */
function read(text: string): unknown {
  return load(`value: ${text}`, { schema: GO_YAML_SCHEMA });
}

/** readWithYamlPackage is how the `yaml` package, the reference reader, reads it. */
function readWithYamlPackage(text: string): unknown {
  return parse(`value: ${text}`, YAML_OPTIONS);
}

/** signed keeps -0 apart from 0, which deep.equal does not. */
function signed(value: unknown): unknown {
  const inner = (value as { value: unknown }).value;
  return Object.is(inner, -0) ? '-0' : inner;
}

describe('GO_YAML_SCHEMA', () => {
  for (const { rule, text, value } of GO_YAML_RULES) {
    it(rule, () => {
      expect(signed(read(text))).to.deep.equal(value);
    });
  }

  context('with explicit tags, as go-yaml resolves them', () => {
    const cases: { rule: string; text: string; value: unknown }[] = [
      { rule: 'a quoted scalar is a string', text: '"yes"', value: 'yes' },
      { rule: 'a str tag overrides', text: '!!str 0777', value: '0777' },
      { rule: 'an int tag reads the octal of a quoted scalar', text: '!!int "0777"', value: 511 },
      { rule: 'an int tag reads 0o', text: '!!int "0o17"', value: 15 },
      { rule: 'a float tag takes an int', text: '!!float 1', value: 1 },
      { rule: 'an explicit timestamp tag keeps the text', text: '!!timestamp 2024-01-01', value: '2024-01-01' },
    ];
    for (const { rule, text, value } of cases) {
      it(rule, () => {
        expect(signed(read(text))).to.deep.equal(value);
        expect(signed(readWithYamlPackage(text))).to.deep.equal(value);
      });
    }

    const refused = ['!!int yes', '!!int 1:30', '!!float "1:30"', '!!bool 1', '!!null x', '!!timestamp 2024-13-01'];
    for (const text of refused) {
      it(`refuses ${text}, which go-yaml cannot decode`, () => {
        expect(() => read(text)).to.throw();
        expect(parseDocument(`value: ${text}`, YAML_OPTIONS).errors).to.have.length(1);
      });
    }

    it('says why, in go-yaml’s words', () => {
      expect(parseDocument('value: !!int yes', YAML_OPTIONS).errors[0]?.message).to.match(/^cannot decode !!bool `yes` as a !!int/);
    });
  });

  context('when compared with the yaml package', () => {
    const scalars = [
      ...GO_YAML_RULES.map((c) => c.text),
      ...['N', 'ON', 'Off', 'TRUE', 'false', 'NULL', '0', '00', '0_', '+0', '1__2', '1.e5', '.e5', '1e', 'e5', '0b_', '0B101', '0b'],
      ...['+.inf', '.nan', '.NAN', '190:20:30', '1_2:3', '0:0', '10:60', '2024-01-01T10:00:00Z', '2024-13-45', '2024-01-01 1:2:3'],
      ...['0x1g', '0b102', '12abc', '1.2.3', '--1', '+-1', '0.0', '1E-3', '1.0e+5', '-.0', '=', 'a b', '9223372036854775808'],
      ...['-9223372036854775809', '0x1ffffffffffffffffffff', '-0x1ffffffffffffffffffff', '0777777777777777777777777', '0b-101', '._5', '.5_'],
    ];
    for (const text of scalars) {
      it(`reads ${JSON.stringify(text)} alike`, () => {
        expect(signed(read(text))).to.deep.equal(signed(readWithYamlPackage(text)));
      });
    }
  });
});
