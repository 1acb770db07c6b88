import { expect } from 'chai';
import fc from 'fast-check';
import type { DocumentOutcome, FileResult, Review } from '../../src/check/check-documents.js';
import { loadYamlDocuments } from '../../src/check/read/load-yaml-documents.js';
import { formatJson, formatYaml, outputDocuments, sortKeys } from '../../src/check/output-documents.js';
import { parseDocuments } from '../../src/check/read/parse-documents.js';
import { GO_YAML_RULES } from '../fixtures/go-yaml-rules.js';

/** NUM_RUNS of the round-trip property: each run formats and parses one small document twice. */
const NUM_RUNS = 1000;

/** readBack is the one document of text as parseDocuments reads it, and as loadYamlDocuments does when it answers. */
function readBack(text: string): unknown[] {
  const { documents, errors } = parseDocuments('out.yaml', text);
  expect(errors).to.deep.equal([]);
  const fast = loadYamlDocuments(text);
  return fast === undefined ? documents.map((d) => d.value) : [...documents.map((d) => d.value), ...fast];
}

function reviewed(status: 'admitted' | 'denied', object: unknown): DocumentOutcome {
  const review: Review = {
    subject: { kind: 'Listener', namespace: 'west', name: 'a' },
    request: { uid: 'u', kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' }, operation: 'CREATE' },
    object,
    patch: [],
    response: { uid: 'u', allowed: status === 'admitted' },
    warnings: [],
  };
  return { position: '1', status, ...review };
}

describe('outputDocuments', () => {
  it('keeps what the cluster would store: mutated, skipped, and Lists of what got through', () => {
    const results: FileResult[] = [
      {
        file: 'a.yaml',
        errors: [],
        documents: [
          reviewed('admitted', { kind: 'Listener', spec: { type: 'tcp' } }),
          reviewed('denied', { kind: 'Listener', spec: { type: 'tcp', port: 0 } }),
          { position: '3', status: 'skipped', object: { kind: 'Service' }, subject: { kind: 'Service', namespace: 'default', name: 's' } },
          { position: '4', status: 'empty' },
          { position: '5', status: 'refused', message: 'kind not set' },
          {
            position: '6',
            status: 'list',
            object: { apiVersion: 'v1', kind: 'List', items: ['the original items are replaced'] },
            items: [reviewed('denied', { kind: 'X' }), reviewed('admitted', { kind: 'Y' })],
          },
        ],
      },
      { file: 'b.yaml', errors: [], documents: [reviewed('admitted', { kind: 'Z' })] },
    ];
    expect(outputDocuments(results)).to.deep.equal([
      { kind: 'Listener', spec: { type: 'tcp' } },
      { kind: 'Service' },
      { apiVersion: 'v1', kind: 'List', items: [{ kind: 'Y' }] },
      { kind: 'Z' },
    ]);
  });
});

describe('sortKeys', () => {
  it('sorts every mapping, inside sequences too, and leaves scalars', () => {
    const sorted = sortKeys({ spec: { type: 'tcp', host: 'a' }, kind: 'L', items: [{ b: 1, a: 2 }, 3] });
    expect(JSON.stringify(sorted)).to.equal('{"items":[{"a":2,"b":1},3],"kind":"L","spec":{"host":"a","type":"tcp"}}');
  });

  it('keeps a "__proto__" key, which a ConfigMap may hold', () => {
    expect(JSON.stringify(sortKeys(JSON.parse('{"b":1,"__proto__":{"x":2}}')))).to.equal('{"__proto__":{"x":2},"b":1}');
  });
});

describe('formatYaml', () => {
  it('prints a stream with keys sorted, sequences flush, and strings go-yaml would read as a bool quoted', () => {
    const yaml = formatYaml([{ spec: { type: 'tcp', host: 'a' }, kind: 'Listener' }, { kind: 'X', data: { flag: 'yes', list: ['a'] } }]);
    expect(yaml).to.equal('kind: Listener\nspec:\n  host: a\n  type: tcp\n---\ndata:\n  flag: "yes"\n  list:\n  - a\nkind: X\n');
  });

  it('never folds a long line', () => {
    const long = 'x '.repeat(100).trim();
    expect(formatYaml([{ a: long }])).to.equal(`a: ${long}\n`);
  });

  it('prints nothing for no documents', () => {
    expect(formatYaml([])).to.equal('');
  });

  context('when a string would not read back as itself in go-yaml v2', () => {
    const cases: { rule: string; value: string; yaml: string }[] = [
      { rule: 'quotes 0o17, which go-yaml reads as 15', value: '0o17', yaml: '"0o17"' },
      { rule: 'quotes 0b-101, which go-yaml reads as -5', value: '0b-101', yaml: '"0b-101"' },
      { rule: 'quotes 1_000, which go-yaml reads as 1000', value: '1_000', yaml: '"1_000"' },
      { rule: 'quotes 1:30, base 60, as go-yaml’s encoder does for compatibility', value: '1:30', yaml: '"1:30"' },
      { rule: 'quotes a date, as go-yaml’s encoder does', value: '2024-01-01', yaml: '"2024-01-01"' },
      { rule: 'quotes <<, which would be a merge key', value: '<<', yaml: '"<<"' },
      { rule: 'leaves a lone dot, which go-yaml reads as a string', value: '.', yaml: '.' },
      { rule: 'escapes a line separator, a line break for go-yaml', value: 'a\u2028b', yaml: '"a\\Lb"' },
      { rule: 'escapes a paragraph separator', value: 'a\u2029b', yaml: '"a\\Pb"' },
      { rule: 'escapes a next line', value: 'a\u0085b', yaml: '"a\\Nb"' },
    ];
    for (const { rule, value, yaml } of cases) {
      it(rule, () => {
        expect(formatYaml([{ a: value }])).to.equal(`a: ${yaml}\n`);
        expect(formatYaml([{ [value]: 1 }])).to.equal(`${yaml}: 1\n`);
      });
    }

    for (const { text, tag } of GO_YAML_RULES.filter((rule) => rule.tag !== 'str')) {
      it(`quotes ${JSON.stringify(text)}, a ${tag} for go-yaml`, () => {
        expect(formatYaml([{ a: text }])).to.equal(`a: "${text}"\n`);
      });
    }
  });

  it('prints every string so that it reads back as itself, as a value and as a key', () => {
    /** scalars mixes any strings with go-yaml's own words and numbers, which plain text rarely hits. */
    const scalars = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(...GO_YAML_RULES.map((rule) => rule.text), '<<', '- a', '? a', ': a', 'a:', '#a', 'a #b', '---', '...', ' a', 'a ', '__proto__'),
      fc.stringMatching(/^[-+.0-9_:eEoObBxX]{1,8}$/),
    );
    fc.assert(
      fc.property(scalars, (value) => {
        const document = { a: value, list: [value], [value]: 'key' };
        for (const read of readBack(formatYaml([document]))) expect(read).to.deep.equal(document);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('formatJson', () => {
  it('prints one array, indented as kubectl indents, keys sorted', () => {
    expect(formatJson([{ b: 1, a: [true] }])).to.equal('[\n    {\n        "a": [\n            true\n        ],\n        "b": 1\n    }\n]\n');
  });

  it('prints an empty array for no documents', () => {
    expect(formatJson([])).to.equal('[]\n');
  });
});
