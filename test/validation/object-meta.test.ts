import { expect } from 'chai';
import { formatFieldError } from '../../src/validation/field-error.js';
import {
  metadataAnnotationErrors,
  metadataLabelErrors,
  metadataNameErrors,
  objectMetaErrors,
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
} from '../../src/validation/object-meta.js';
import { LABEL_KEY_NAME_MSG, LABEL_TOO_LONG_MSG, LABEL_VALUE_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';

/** messages formats the errors of check on an object with metadata, as a denial lists them. */
function messages(check: (object: unknown) => ReturnType<typeof metadataNameErrors>, metadata: unknown): string[] {
  return check({ apiVersion: 'skupper.io/v2alpha1', kind: 'Listener', metadata }).map(formatFieldError);
}

describe('metadataNameErrors', () => {
  const cases: [rule: string, metadata: unknown, expected: string[]][] = [
    ['a DNS-1123 subdomain is a valid name', { name: 'backend.v1' }, []],
    ['a name is required', {}, ['metadata.name: Required value: name or generateName is required']],
    ['an empty name is no name', { name: '' }, ['metadata.name: Required value: name or generateName is required']],
    ['a generateName stands in for the name', { generateName: 'backend-' }, []],
    ['a name must be a DNS-1123 subdomain', { name: 'Backend' }, [`metadata.name: Invalid value: "Backend": ${SUBDOMAIN_MSG}`]],
    [
      'a generateName is checked without its trailing dash',
      { generateName: 'Backend-' },
      [`metadata.generateName: Invalid value: "Backend-": ${SUBDOMAIN_MSG}`],
    ],
    ['a name of the wrong type is left to the schema', { name: 7 }, []],
    ['metadata that is not a map is left to the schema', 'west', []],
  ];
  for (const [rule, metadata, expected] of cases) {
    it(rule, () => {
      expect(messages(metadataNameErrors, metadata)).to.deep.equal(expected);
    });
  }

  it('reads no metadata as no name', () => {
    expect(metadataNameErrors({ kind: 'Listener' }).map(formatFieldError)).to.deep.equal(['metadata.name: Required value: name or generateName is required']);
    expect(metadataNameErrors('not an object')).to.deep.equal([]);
  });
});

describe('metadataLabelErrors', () => {
  const cases: [rule: string, labels: unknown, expected: string[]][] = [
    ['qualified keys and label values are valid', { 'app.kubernetes.io/name': 'backend', tier: '' }, []],
    ['a key must be a qualified name', { '-tier': 'a' }, [`metadata.labels: Invalid value: "-tier": ${LABEL_KEY_NAME_MSG}`]],
    ['a value must be a label value', { tier: 'a b' }, [`metadata.labels: Invalid value: "a b": ${LABEL_VALUE_MSG}`]],
    ['a value is at most 63 bytes', { tier: 'a'.repeat(64) }, [`metadata.labels: Invalid value: "${'a'.repeat(64)}": ${LABEL_TOO_LONG_MSG}`]],
    [
      'every bad key and value is reported, in the document order',
      { 'b b': 'x', tier: '-' },
      [`metadata.labels: Invalid value: "b b": ${LABEL_KEY_NAME_MSG}`, `metadata.labels: Invalid value: "-": ${LABEL_VALUE_MSG}`],
    ],
    ['a value of the wrong type is left to the schema', { tier: 5 }, []],
    ['labels that are not a map are left to the schema', ['tier'], []],
  ];
  for (const [rule, labels, expected] of cases) {
    it(rule, () => {
      expect(messages(metadataLabelErrors, { name: 'a', labels })).to.deep.equal(expected);
    });
  }
});

describe('metadataAnnotationErrors', () => {
  it('checks each key, lower-cased as Go lower-cases it, and shows it as written', () => {
    // Go's ToLower turns U+0130 into a plain "i", which makes this key valid; JavaScript's would not.
    expect(messages(metadataAnnotationErrors, { name: 'a', annotations: { 'EXAMPLE.COM/Note': 'x', 'İd': 'x', 'a b': 'x' } })).to.deep.equal([
      `metadata.annotations: Invalid value: "a b": ${LABEL_KEY_NAME_MSG}`,
    ]);
  });

  context('when keys and values pass 256 KiB together', () => {
    it('refuses the whole map as too long', () => {
      const justUnder = { a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1) };
      const over = { a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) };
      expect(messages(metadataAnnotationErrors, { name: 'a', annotations: justUnder })).to.deep.equal([]);
      expect(messages(metadataAnnotationErrors, { name: 'a', annotations: over })).to.deep.equal([
        `metadata.annotations: Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes`,
      ]);
    });
  });
});

describe('objectMetaErrors', () => {
  it('reports name, then labels, then annotations, as the API server does', () => {
    expect(messages(objectMetaErrors, { name: 'B', labels: { tier: '-' }, annotations: { 'a b': '' } })).to.deep.equal([
      `metadata.name: Invalid value: "B": ${SUBDOMAIN_MSG}`,
      `metadata.labels: Invalid value: "-": ${LABEL_VALUE_MSG}`,
      `metadata.annotations: Invalid value: "a b": ${LABEL_KEY_NAME_MSG}`,
    ]);
  });
});
