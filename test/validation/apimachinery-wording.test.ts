import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  aggregateError,
  contentMaxLenError,
  formatBadValue,
  INVALID_IP_ERROR,
  invalidMessage,
  KUBERNETES_WORDING_VERSION,
  labelKeySlashesError,
  maxLenError,
  notSupportedDetail,
  regexError,
  ruleFailureShowsValue,
  schemaMinItemsDetail,
  schemaMinPropertiesDetail,
  schemaOneOfDetail,
  tooLongDetail,
  tooManyDetail,
} from '../../src/validation/apimachinery-wording.js';
import { INVALID_IP_MSG, KUBERNETES_VERSION, LABEL_KEY_SLASHES_MSG, LABEL_TOO_LONG_MSG, NAME_TOO_LONG_MSG } from '../fixtures/apimachinery-messages.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORDING_FILE = 'src/validation/apimachinery-wording.ts';

/**
 * KUBERNETES_PHRASES are pieces of Kubernetes' own messages that change
 * between releases. Outside the wording module, source code may only reach
 * them through it.
 */
const KUBERNETES_PHRASES = [
  'must be no more than',
  'may not be more than',
  'must not contain dots',
  'must be non-empty',
  'regex used for validation',
  'a qualified name',
  'a valid label key',
  'in body should',
  'in body must',
  'supported values:',
  'is invalid: ',
  'unknown field "',
  'name or generateName is required',
  'must have at most',
  'should have at least',
  'must validate one and only one schema',
  'must be a valid IP address',
  'unable to parse requirement',
  'keyword found',
  "expected: '",
  'the value must be an integer',
];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

describe('apimachinery-wording', () => {
  it('copies one Kubernetes release, the one the fixtures were copied from', () => {
    expect(KUBERNETES_WORDING_VERSION).to.equal(KUBERNETES_VERSION);
  });

  it('is named in the rules reference', async () => {
    const rules = await readFile(join(ROOT, 'docs', 'rules.md'), 'utf8');
    expect(rules).to.include(`Kubernetes ${KUBERNETES_WORDING_VERSION}'s wording`);
  });

  it('is the only source file that spells a message of Kubernetes', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(join(ROOT, 'src'))) {
      const path = relative(ROOT, file);
      if (path === WORDING_FILE) continue;
      // Comments may quote a message; code may not spell one.
      const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const phrase of KUBERNETES_PHRASES) if (code.includes(phrase)) offenders.push(`${path}: ${phrase}`);
    }
    expect(offenders).to.deep.equal([]);
  });

  describe('the pieces of a name message', () => {
    it('says characters for names (util/validation) and bytes for labels (content, 1.35 and later)', () => {
      expect(maxLenError(63)).to.equal(NAME_TOO_LONG_MSG);
      expect(contentMaxLenError(63)).to.equal(LABEL_TOO_LONG_MSG);
    });

    it('words examples as RegexError does, double space included', () => {
      expect(regexError('m', 'f', 'a', 'b')).to.equal("m (e.g. 'a',  or 'b', regex used for validation is 'f')");
      expect(regexError('m', 'f', 'a')).to.equal("m (e.g. 'a', regex used for validation is 'f')");
      expect(regexError('m', 'f')).to.equal("m (regex used for validation is 'f')");
    });

    it('calls a key with several slashes "a valid label key" (1.35 and later)', () => {
      expect(labelKeySlashesError()).to.equal(LABEL_KEY_SLASHES_MSG);
    });
  });

  describe('formatBadValue, as ErrorBody prints a value', () => {
    const cases: Array<[string, unknown, string]> = [
      ['a string, quoted', 'Bad_NS', '"Bad_NS"'],
      ['a string with a line break, escaped', 'a\nb', '"a\\nb"'],
      ['an integer, bare', 0, '0'],
      ['a float, bare', 80.5, '80.5'],
      ['a boolean, bare', true, 'true'],
      ['nil, as null (1.34 and later)', null, 'null'],
      ['a map, as JSON (1.34 and later)', { a: 1 }, '{"a":1}'],
      ['a list, as JSON', ['a', 1], '["a",1]'],
    ];
    for (const [name, value, expected] of cases) {
      it(`prints ${name}`, () => expect(formatBadValue(value)).to.equal(expected));
    }
  });

  describe('field details', () => {
    it('words TooLong in bytes, one byte in the singular', () => {
      expect(tooLongDetail(262144)).to.equal('may not be more than 262144 bytes');
      expect(tooLongDetail(1)).to.equal('may not be more than 1 byte');
      expect(tooLongDetail(-1)).to.equal('value is too long');
    });

    it('words TooMany as a count of items, one item in the singular', () => {
      expect(tooManyDetail(256)).to.equal('must have at most 256 items');
      expect(tooManyDetail(1)).to.equal('must have at most 1 item');
      expect(tooManyDetail(-1)).to.equal('has too many items');
    });

    it("words IsValidIP's message, comma and all", () => {
      expect(INVALID_IP_ERROR).to.equal(INVALID_IP_MSG);
    });

    it('quotes every supported value', () => {
      expect(notSupportedDetail(['auto', 'none'])).to.equal('supported values: "auto", "none"');
      expect(notSupportedDetail([])).to.equal('');
    });
  });

  describe("a CRD's schema and rules", () => {
    it('words minItems and minProperties as kube-openapi does ("1 items" included)', () => {
      expect(schemaMinItemsDetail('spec.keys', 1)).to.equal('spec.keys in body should have at least 1 items');
      expect(schemaMinPropertiesDetail('spec.keys', 1)).to.equal('spec.keys in body should have at least 1 properties');
    });

    it('words a failed oneOf with the object quoted and what it found', () => {
      expect(schemaOneOfDetail('spec', 0)).to.equal('"spec" must validate one and only one schema (oneOf). Found none valid');
      expect(schemaOneOfDetail('spec', 2)).to.equal('"spec" must validate one and only one schema (oneOf). Found 2 valid alternatives');
    });

    it('prints the value of a failed x-kubernetes-validations rule for scalars only (1.35 and later)', () => {
      expect(['db', 80, true].map(ruleFailureShowsValue)).to.deep.equal([true, true, true]);
      expect([{ a: 1 }, ['a']].map(ruleFailureShowsValue)).to.deep.equal([false, false]);
    });
  });

  describe('the Status message', () => {
    it('aggregates one message alone and several in brackets, without duplicates', () => {
      expect(aggregateError(['a'])).to.equal('a');
      expect(aggregateError(['a', 'b', 'a'])).to.equal('[a, b]');
    });

    it('names the kind, its group and the object', () => {
      expect(invalidMessage('Listener.skupper.io', '"backend"', 'spec: Required value')).to.equal('Listener.skupper.io "backend" is invalid: spec: Required value');
    });
  });
});
