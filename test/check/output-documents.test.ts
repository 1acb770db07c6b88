import { expect } from 'chai';
import type { DocumentOutcome, FileResult, Review } from '../../src/check/check-documents.js';
import { formatJson, formatYaml, outputDocuments, sortKeys } from '../../src/check/output-documents.js';

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
});

describe('formatYaml', () => {
  it('prints a stream with keys sorted, sequences flush, and YAML 1.1 strings quoted', () => {
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
});

describe('formatJson', () => {
  it('prints one array, indented as kubectl indents, keys sorted', () => {
    expect(formatJson([{ b: 1, a: [true] }])).to.equal('[\n    {\n        "a": [\n            true\n        ],\n        "b": 1\n    }\n]\n');
  });

  it('prints an empty array for no documents', () => {
    expect(formatJson([])).to.equal('[]\n');
  });
});
