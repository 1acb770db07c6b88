import { expect } from 'chai';
import { load } from 'js-yaml';
import { parse } from 'yaml';
import { YAML_OPTIONS } from '../../src/check/parse-documents.js';
import { YAML_1_1_SCHEMA } from '../../src/check/yaml-1-1-schema.js';

/** read is how loadYamlDocuments reads one scalar. */
function read(text: string): unknown {
  return load(`value: ${text}`, { schema: YAML_1_1_SCHEMA });
}

/** readWithYamlPackage is how the `yaml` package, which parseDocuments used before, reads it. */
function readWithYamlPackage(text: string): unknown {
  return parse(`value: ${text}`, YAML_OPTIONS);
}

/** signed keeps -0 apart from 0, which deep.equal does not. */
function signed(value: unknown): unknown {
  const inner = (value as { value: unknown }).value;
  return Object.is(inner, -0) ? '-0' : inner;
}

describe('YAML_1_1_SCHEMA', () => {
  const cases: { rule: string; text: string; value: unknown }[] = [
    { rule: 'yes, on and y are true', text: 'yes', value: true },
    { rule: 'On is true', text: 'On', value: true },
    { rule: 'Y is true', text: 'Y', value: true },
    { rule: 'no, off and n are false', text: 'off', value: false },
    { rule: 'NO is false', text: 'NO', value: false },
    { rule: 'n is false', text: 'n', value: false },
    { rule: 'True is true, as in YAML 1.2', text: 'True', value: true },
    { rule: '~ is null', text: '~', value: null },
    { rule: 'Null is null', text: 'Null', value: null },
    { rule: 'a leading 0 is octal', text: '0777', value: 511 },
    { rule: 'a leading 0 with a digit past 7 is decimal', text: '08', value: 8 },
    { rule: '0o is not a prefix in 1.1', text: '0o17', value: '0o17' },
    { rule: '0x is hexadecimal, with underscores', text: '0x_1F', value: 31 },
    { rule: '0b is binary', text: '0b101', value: 5 },
    { rule: 'underscores group digits', text: '1_000', value: 1000 },
    { rule: 'colons make base 60', text: '1:20', value: 80 },
    { rule: 'base 60 takes a fraction', text: '-1:20.5', value: -80.5 },
    { rule: 'a fraction needs no leading digit', text: '+.5', value: 0.5 },
    { rule: 'an exponent needs no dot', text: '1e5', value: 100000 },
    { rule: '.inf is infinity', text: '-.Inf', value: Number.NEGATIVE_INFINITY },
    { rule: '.nan is NaN', text: '.NaN', value: NaN },
    { rule: 'a lone dot is NaN, as the yaml package reads it', text: '.', value: NaN },
    { rule: '-0 stays negative', text: '-0', value: '-0' },
    { rule: 'a date stays its text, as go-yaml keeps it for kubectl', text: '2024-1-2', value: '2024-1-2' },
    { rule: 'a timestamp with a fraction and a zone stays its text', text: '2001-12-14 21:59:43.10 -5', value: '2001-12-14 21:59:43.10 -5' },
    { rule: 'an explicit timestamp tag keeps the text too', text: '!!timestamp 2024-01-01', value: '2024-01-01' },
    { rule: 'a quoted scalar is a string', text: '"yes"', value: 'yes' },
    { rule: 'a tag overrides', text: '!!str 0777', value: '0777' },
    { rule: 'an int tag reads the octal of a quoted scalar', text: '!!int "0777"', value: 511 },
    { rule: 'anything else is a string', text: 'yes please', value: 'yes please' },
  ];

  for (const { rule, text, value } of cases) {
    it(rule, () => {
      expect(signed(read(text))).to.deep.equal(value);
    });
  }

  context('when compared with the yaml package', () => {
    const scalars = [
      ...cases.map((c) => c.text),
      ...['y', 'N', 'ON', 'Off', 'TRUE', 'false', 'NULL', 'null', '0', '00', '0_', '+0', '-0.0', '0b_', '1__2', '1.', '1.e5', '.e5', '1e', 'e5'],
      ...['+.inf', '.nan', '.NAN', '190:20:30', '1_2:3', '0:0', '10:60', '2024-01-01', '2024-01-01T10:00:00Z', '2024-13-45', '2024-01-01 1:2:3 +5'],
      ...['0x1g', '0b102', '12abc', '1.2.3', '--1', '+-1', '0.0', '1E-3', '1.0e+5', '-.0', '=', 'a b'],
    ];
    for (const text of scalars) {
      it(`reads ${JSON.stringify(text)} alike`, () => {
        expect(signed(read(text))).to.deep.equal(signed(readWithYamlPackage(text)));
      });
    }
  });
});
