import { expect } from 'chai';
import { isList, looksLikeJson, parseDocuments, type ParsedText } from '../../../src/check/read/parse-documents.js';

/** plain drops the InputError instances to what a reader checks: place and message. */
function plain(parsed: ParsedText): unknown {
  return {
    documents: parsed.documents,
    errors: parsed.errors.map((e) => ({ file: e.file, line: e.line, column: e.column, message: e.message })),
  };
}

describe('parseDocuments', () => {
  const cases: { name: string; text: string; expected: unknown }[] = [
    { name: 'an empty text has no documents', text: '', expected: { documents: [], errors: [] } },
    {
      name: 'documents are numbered from 1 in stream order',
      text: 'a: 1\n---\nb: 2\n',
      expected: { documents: [{ position: '1', value: { a: 1 } }, { position: '2', value: { b: 2 } }], errors: [] },
    },
    {
      name: 'an empty document keeps its place, as null',
      text: 'a: 1\n---\n# nothing\n---\nb: 2\n',
      expected: {
        documents: [
          { position: '1', value: { a: 1 } },
          { position: '2', value: null },
          { position: '3', value: { b: 2 } },
        ],
        errors: [],
      },
    },
    {
      name: 'plain scalars read as kubectl (go-yaml v2) reads them',
      text: 'yes: yes\noff: off\nmode: 0777\nquoted: "yes"\n',
      expected: { documents: [{ position: '1', value: { true: true, false: false, mode: 511, quoted: 'yes' } }], errors: [] },
    },
    {
      name: "a List's items are numbered under the List, and nested Lists under theirs",
      text: 'kind: Service\n---\nkind: List\nitems:\n- kind: A\n- kind: ConfigMapList\n  items:\n  - kind: B\n',
      expected: {
        documents: [
          { position: '1', value: { kind: 'Service' } },
          {
            position: '2',
            value: { kind: 'List', items: [{ kind: 'A' }, { kind: 'ConfigMapList', items: [{ kind: 'B' }] }] },
            items: [
              { position: '2.1', value: { kind: 'A' } },
              {
                position: '2.2',
                value: { kind: 'ConfigMapList', items: [{ kind: 'B' }] },
                items: [{ position: '2.2.1', value: { kind: 'B' } }],
              },
            ],
          },
        ],
        errors: [],
      },
    },
    {
      name: 'anchors, aliases and merge keys read as before',
      text: 'a: &x [1]\nb: *x\n<<: {c: 2}\n---\nd: !!str 0777\n',
      expected: { documents: [{ position: '1', value: { a: [1], b: [1], c: 2 } }, { position: '2', value: { d: '0777' } }], errors: [] },
    },
    {
      name: 'a syntax error has the line and column, and the file yields no documents',
      text: 'a: 1\n---\nb: [1, 2\nc: 3\n',
      expected: {
        documents: [],
        errors: [{ file: 'f.yaml', line: 4, column: 1, message: 'Flow sequence in block collection must be sufficiently indented and end with a ]' }],
      },
    },
    {
      name: 'a duplicate key is a syntax error, named and placed as kubectl places it',
      text: 'a: 1\na: 2\n',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 2, column: 1, message: 'mapping key "a" already defined at line 1' }] },
    },
    {
      name: 'a duplicate key nested in a sequence, quoted the second time',
      text: 'kind: A\nitems:\n  - x: 1\n    y: 2\n    "x": 3\n',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 5, column: 5, message: 'mapping key "x" already defined at line 3' }] },
    },
    {
      name: 'JSON is one document',
      text: '\n{"kind": "List", "items": [{"kind": "A"}]}\n',
      expected: {
        documents: [{ position: '1', value: { kind: 'List', items: [{ kind: 'A' }] }, items: [{ position: '1.1', value: { kind: 'A' } }] }],
        errors: [],
      },
    },
    {
      name: 'JSON after a byte order mark is still JSON',
      text: '\uFEFF{"kind": "A"}',
      expected: { documents: [{ position: '1', value: { kind: 'A' } }], errors: [] },
    },
    {
      name: 'a stream of JSON values is one document per value, as kubectl reads it',
      text: '{"kind": "A"}\n{"kind": "List", "items": [{"kind": "B"}]}{"kind": "C"}\n',
      expected: {
        documents: [
          { position: '1', value: { kind: 'A' } },
          { position: '2', value: { kind: 'List', items: [{ kind: 'B' }] }, items: [{ position: '2.1', value: { kind: 'B' } }] },
          { position: '3', value: { kind: 'C' } },
        ],
        errors: [],
      },
    },
    {
      name: 'JSON that YAML would accept is held to JSON, at the line and column of the error',
      text: '{\n  "a": 1,\n}\n',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 3, column: 1, message: 'not valid JSON: expected a double-quoted key, found "}"' }] },
    },
    {
      name: 'broken JSON that YAML also refuses is reported by JSON’s rules',
      text: '{\n  "a": [1,\n  "b": 2\n',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 3, column: 6, message: 'not valid JSON: expected "," or "]", found ":"' }] },
    },
    {
      name: 'a YAML document after JSON is not JSON, at its line and column',
      text: '{"kind": "A"}\n---\nkind: B\n',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 2, column: 1, message: 'not valid JSON: expected a value, found "-"' }] },
    },
    {
      name: 'a duplicate key in JSON is an error, as it is in YAML',
      text: '{"spec": {"port": 0,\n  "port": 9}}',
      expected: { documents: [], errors: [{ file: 'f.yaml', line: 2, column: 3, message: 'duplicate key "port"' }] },
    },
  ];

  for (const { name, text, expected } of cases) {
    it(name, () => {
      expect(plain(parseDocuments('f.yaml', text))).to.deep.equal(expected);
    });
  }

  context('when toJS refuses an alias', () => {
    it('prints no process warning for a key that is a collection', async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      try {
        expect(parseDocuments('f.yaml', 'a: 1\n? [1]\n: 2\n').errors).to.deep.equal([]);
        // Node emits a process warning on a later tick.
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).to.deep.equal([]);
    });

    it('reports an alias bomb as an error at its first alias instead of throwing', () => {
      const text = 'a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
      const parsed = parseDocuments('bomb.yaml', text);
      expect(parsed.documents).to.deep.equal([]);
      expect(parsed.errors.map((e) => [e.line, e.column])).to.deep.equal([[2, 8]]);
      expect(parsed.errors[0]!.message).to.match(/alias/i);
    });

    it('reports an alias with no anchor before it at the alias, in the document it is in', () => {
      const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: *x}\n';
      const parsed = parseDocuments('alias.yaml', text);
      expect(parsed.documents).to.deep.equal([]);
      expect(parsed.errors.map((e) => [e.line, e.column, e.message])).to.deep.equal([[7, 18, 'Unresolved alias (the anchor must be set before the alias): x']]);
    });
  });

  context('when a document is nested too deeply', () => {
    const tooDeep = (line: number, column: number): unknown => ({
      documents: [],
      errors: [{ file: 'f.yaml', line, column, message: 'nested too deeply: more than 256 levels' }],
    });
    const cases: { name: string; text: string; expected: unknown }[] = [
      { name: 'in JSON, at the first collection too deep', text: `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`, expected: tooDeep(1, 262) },
      { name: 'in YAML js-yaml reads, at the first collection too deep', text: `kind: A\na: ${'['.repeat(300)}${']'.repeat(300)}\n`, expected: tooDeep(2, 259) },
      { name: 'in YAML beyond the parsers’ call stack', text: `kind: A\na: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, expected: tooDeep(2, 259) },
      {
        name: 'in a block mapping',
        text: `a:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`,
        expected: tooDeep(257, 257),
      },
      {
        name: 'in YAML grown through an alias, at the document’s start',
        text: `kind: A\n---\na: &a ${'['.repeat(200)}${']'.repeat(200)}\nb: ${'['.repeat(100)}*a${']'.repeat(100)}\n`,
        expected: tooDeep(2, 1),
      },
    ];
    for (const { name, text, expected } of cases) {
      it(`is an error ${name}`, () => {
        expect(plain(parseDocuments('f.yaml', text))).to.deep.equal(expected);
      });
    }

    it('is read at the limit', () => {
      const text = `a: ${'['.repeat(255)}${']'.repeat(255)}\n`;
      expect(parseDocuments('f.yaml', text).errors).to.deep.equal([]);
    });
  });

  context('when V8 would give a JSON error no offset', () => {
    it('still has the line and column', () => {
      const parsed = parseDocuments('f.json', '{"a":\n  }');
      expect(plain(parsed)).to.deep.equal({ documents: [], errors: [{ file: 'f.json', line: 2, column: 3, message: 'not valid JSON: expected a value, found "}"' }] });
    });
  });
});

describe('looksLikeJson', () => {
  const cases: [string, boolean][] = [
    ['{"a": 1}', true],
    ['  \n\t{', true],
    ['\uFEFF{', true],
    ['[1, 2]', false],
    ['a: {b: 1}', false],
    ['# {', false],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} is ${expected ? '' : 'not '}JSON`, () => {
      expect(looksLikeJson(text)).to.equal(expected);
    });
  }
});

describe('isList', () => {
  const cases: [string, unknown, boolean][] = [
    ['List with items', { kind: 'List', items: [] }, true],
    ['ListenerList with items', { kind: 'ListenerList', items: [{}] }, true],
    ['a List without items', { kind: 'List' }, false],
    ['a List whose items are not a sequence', { kind: 'List', items: {} }, false],
    ['a kind that does not end in List', { kind: 'Listener', items: [] }, false],
    ['a sequence', [], false],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      expect(isList(value)).to.equal(expected);
    });
  }
});
