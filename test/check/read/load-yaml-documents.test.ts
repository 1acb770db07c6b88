import { expect } from 'chai';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { loadYamlDocuments } from '../../../src/check/read/load-yaml-documents.js';
import { YAML_OPTIONS } from '../../../src/check/read/parse-documents.js';

/** NUM_RUNS of the agreement property: each run parses a few lines twice, so five hundred take well under a second. */
const NUM_RUNS = 500;

/** readWithYamlPackage is the reference reading: the documents as the `yaml` package reads them, or undefined on any error. */
function readWithYamlPackage(text: string): unknown[] | undefined {
  const documents = parseAllDocuments(text, { ...YAML_OPTIONS, prettyErrors: false, logLevel: 'error' });
  if (documents.some((document) => document.errors.length > 0)) return undefined;
  try {
    return documents.map((document) => document.toJS());
  } catch {
    return undefined;
  }
}

/** ordered makes deep.equal check what it otherwise ignores: the order of keys and the sign of zero. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (Object.is(value, -0)) return '-0';
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return Object.entries(value).map(([key, item]) => [key, ordered(item)]);
  return value;
}

/** expectSameReading asserts that loadYamlDocuments answers, and as the `yaml` package does. */
function expectSameReading(text: string): void {
  const documents = loadYamlDocuments(text);
  expect(documents, 'declined').not.to.equal(undefined);
  expect(ordered(documents)).to.deep.equal(ordered(readWithYamlPackage(text)));
}

const MANIFESTS = `# Source: chart/templates/listener.yaml
apiVersion: skupper.io/v2alpha1
kind: Listener
metadata:
  name: backend
  labels: {app: backend, "tier": 'db'}
  annotations:
    note: "it's a \\"quoted\\" string"   # comment
    schedule: "*/5 * * * *"
    color: "#ff0000"
spec:
  routingKey: backend
  host: backend
  port: 0777
  other: 0o17
  sexagesimal: 1:30
  dot: .
  zero: -0
  tls: on
  args: [--a, --b]
  when: 2024-01-01
---
apiVersion: v1
kind: List
items:
- kind: ConfigMap
  data:
    script: |
      #!/bin/sh
      if ! test -f x; then ls *.txt; fi
    folded: >-
      one
      two

      three
-
  kind: Secret
  stringData: {}
...
---
kind: Service
spec:
  ports:
    - port: 80
      name: "http"
`;

describe('loadYamlDocuments', () => {
  it('reads a stream of manifests as the yaml package does', () => {
    expectSameReading(MANIFESTS);
  });

  it('reads CRLF line endings as the yaml package does', () => {
    expectSameReading(MANIFESTS.replace(/\n/g, '\r\n'));
  });

  it('reads plain manifests', () => {
    expect(loadYamlDocuments('a: yes\n---\n# nothing\n---\nb: [0777, "0777"]\n')).to.deep.equal([{ a: true }, null, { b: [511, '0777'] }]);
  });

  it('reads plain scalars as go-yaml v2 does, for kubectl', () => {
    expect(loadYamlDocuments('a: 1:30\nb: 0o17\nc: .\nd: 09\n')).to.deep.equal([{ a: '1:30', b: 15, c: '.', d: 9 }]);
  });

  it('finds no document in a text of only comments', () => {
    expect(loadYamlDocuments('# one\n\n  # two\n')).to.deep.equal([]);
  });

  context('when the yaml package must read the text', () => {
    const cases: { rule: string; text: string }[] = [
      { rule: 'a syntax error', text: 'a: [1,\n' },
      { rule: 'a duplicate key', text: 'a: 1\na: 2\n' },
      { rule: 'a warning: a flow collection not indented', text: 'a: [1,\n2]\n' },
      { rule: 'nesting past js-yaml’s limit', text: `${'['.repeat(101)}${']'.repeat(101)}\n` },
      { rule: 'a directive', text: '%YAML 1.2\n---\na: yes\n' },
      { rule: 'a byte order mark', text: '\uFEFF- a\n' },
      { rule: 'content on a document marker', text: '--- a: 1\n' },
      { rule: 'content glued to a document marker', text: '---a: 1\n' },
      { rule: 'a lone carriage return', text: 'a: 1\rb: 2\n' },
      { rule: 'a line that starts with a tab', text: '\ta: 1\n' },
      { rule: 'a last line with a tab', text: 'a: 1\n\t' },
      { rule: 'a blank line with a tab in a block scalar', text: 'a: |\n  x\n \t\n  y\n' },
      { rule: 'an explicit key', text: '? a\n: b\n' },
      { rule: 'an explicit key after a comment', text: '{? # c\n [a]}\n' },
      { rule: 'an anchor', text: 'a: &x 1\n' },
      { rule: 'an alias', text: 'a: &x 1\nb: *x\n' },
      { rule: 'a tag', text: 'a: !!str 1\n' },
      { rule: 'a tag on an empty node', text: '!x\n---\n' },
      { rule: 'a merge key', text: 'a: 1\n<<: {b: 2}\n' },
      { rule: 'a null key', text: '~: a\n' },
      { rule: 'an empty key in a flow mapping', text: '{: a}\n' },
      { rule: 'a collection key', text: '[a]: b\n' },
      { rule: 'a comment that touches a string', text: 'a: "x"#c\n' },
      { rule: 'a comment that touches a flow collection', text: 'a: [x]#c\n' },
      { rule: 'an escaped line break before a blank line', text: 'a: "x\\\n\n  y"\n' },
      { rule: 'a block scalar that keeps its final line breaks', text: 'a: |+\n  x\n\n' },
      { rule: 'an empty sequence item', text: '- x:\n    -\n- b\n' },
    ];
    for (const { rule, text } of cases) {
      it(rule, () => {
        expect(loadYamlDocuments(text)).to.equal(undefined);
      });
    }
  });

  context('when a text only looks like what it declines', () => {
    const cases: { rule: string; text: string }[] = [
      { rule: 'a dash in a string', text: 'a: x -\nb: "-"\n' },
      { rule: 'an item on the line below its dash', text: '-\n  a: 1\n- # c\n  b: 2\n' },
      { rule: 'a hash inside strings', text: 'a: "#x"\nb: x#y\nc: "x" # c\n' },
      { rule: 'stars and bangs inside strings', text: 'a: x * y\nb: "!x"\nc: x!\n' },
      { rule: 'a question mark inside strings', text: 'a: why?\nb: "? x"\n' },
      { rule: 'a comment after a document marker', text: '--- # c\na: 1\n... # d\n' },
      { rule: 'a flow collection closed deeper than its key', text: 'a: [\n  1,\n  2\n  ]\n' },
      { rule: 'a timestamp key, which both keep as its text', text: '2024-01-01: a\nb: 2024-01-01 10:00:00\n' },
    ];
    for (const { rule, text } of cases) {
      it(rule, () => {
        expectSameReading(text);
      });
    }
  });

  context('when it answers, for generated texts', () => {
    /** LINES are lines of YAML, valid and not, around every construct the two libraries read differently. */
    const LINES = [
      ...['a: 1', 'a: 2', '"a": 3', 'b: yes', 'c: 0777', 'd: "x"', "e: 'y'", 'f: [1, 2]', 'g: {h: i}', '1: one', '"1": two'],
      ...['k:', '  k2: v', '  k3: 1:20', '  - x', '- y', '-', '  -', '- - z', '- # c', 'l: |', 'm: >-', '  text', '  more', '    deeper'],
      ...['n: [', '  1,', ']', '  ]', '---', '--- # c', '--- x', '...', '# comment', '', '   ', '? q', ': r', 'o: &a p', 's: *a'],
      ...['t: !!str 1', 'u: !x', '<<: {v: 1}', '~: w', '[a]: x', '2024-01-01: y', 'z: 2024-01-01', 'aa: "x"#c', 'bb: "x\\', 'cc: x # c'],
      ...['ll: 0o17', 'mm: 0x_1F', 'nn: 1:30', 'oo: 09', 'pp: 1_0.5', 'qq: 18446744073709551616', 'rr: 0b-101', 'ss: .5_0'],
      ...['\tdd: 1', 'ee: .', 'ff: "a', '  b"', 'gg: |+', 'hh: -0', 'ii: [a, {b: c}]', '%YAML 1.2', 'jj: ~', 'kk:  # c'],
    ];
    const texts = fc
      .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 12 }), fc.boolean(), fc.boolean())
      .map(([lines, crlf, finalBreak]) => `${lines.join(crlf ? '\r\n' : '\n')}${finalBreak ? '\n' : ''}`);

    it('reads them as the yaml package does', () => {
      fc.assert(
        fc.property(texts, (text) => {
          const documents = loadYamlDocuments(text);
          if (documents === undefined) return;
          expect(ordered(documents)).to.deep.equal(ordered(readWithYamlPackage(text)));
        }),
        { numRuns: NUM_RUNS },
      );
    });
  });
});
