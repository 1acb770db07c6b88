import { expect } from 'chai';
import { apiServerRejection } from '../../src/check/api-server-checks.js';
import {
  metadataAnnotationErrors,
  metadataLabelErrors,
  metadataNameErrors,
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
} from '../../src/validation/object-meta.js';
import { formatFieldError } from '../../src/validation/field-error.js';
import {
  LABEL_KEY_NAME_MSG,
  LABEL_KEY_PREFIX_MSG,
  LABEL_KEY_PREFIX_TOO_LONG_MSG,
  LABEL_KEY_SLASHES_MSG,
  LABEL_TOO_LONG_MSG,
  LABEL_VALUE_MSG,
} from '../fixtures/apimachinery-messages.js';
import { LISTENER_KIND, requestFor, validListener } from '../fixtures/reviews.js';

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadataNameErrors', () => {
  const cases: { rule: string; metadata: unknown; expected: string[] }[] = [
    { rule: 'a valid name passes', metadata: { name: 'backend' }, expected: [] },
    {
      rule: 'neither name nor generateName is refused in apimachinery’s words',
      metadata: { namespace: 'west' },
      expected: ['metadata.name: Required value: name or generateName is required'],
    },
    { rule: 'an empty name counts as none', metadata: { name: '' }, expected: ['metadata.name: Required value: name or generateName is required'] },
    { rule: 'no metadata at all counts as no name', metadata: undefined, expected: ['metadata.name: Required value: name or generateName is required'] },
    { rule: 'a generateName stands in for the name', metadata: { generateName: 'backend-' }, expected: [] },
    { rule: 'a generateName prefix may end in a dash', metadata: { generateName: 'b-' }, expected: [] },
    {
      rule: 'a name must be a DNS-1123 subdomain',
      metadata: { name: 'Bad_Name' },
      expected: [`metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MESSAGE}`],
    },
    {
      rule: 'a generateName must be a DNS-1123 subdomain prefix',
      metadata: { generateName: 'Bad_' },
      expected: [`metadata.generateName: Invalid value: "Bad_": ${SUBDOMAIN_MESSAGE}`],
    },
    { rule: 'a name of the wrong type is left to the schema', metadata: { name: 7 }, expected: [] },
    { rule: 'a metadata of the wrong type is left to the schema', metadata: 'backend', expected: [] },
  ];

  for (const { rule, metadata, expected } of cases) {
    it(rule, () => {
      const object = metadata === undefined ? { kind: 'Listener' } : { kind: 'Listener', metadata };
      expect(metadataNameErrors(object).map(formatFieldError)).to.deep.equal(expected);
    });
  }
});

/** MetadataCase is one metadata and the messages a check gives for it, as kubectl prints them. */
interface MetadataCase {
  rule: string;
  metadata: unknown;
  expected: string[];
}

function checkCases(check: (object: unknown) => ReturnType<typeof metadataNameErrors>, cases: readonly MetadataCase[]): void {
  for (const { rule, metadata, expected } of cases) {
    it(rule, () => {
      expect(check({ kind: 'Listener', metadata }).map(formatFieldError)).to.deep.equal(expected);
    });
  }
}

describe('metadataLabelErrors', () => {
  checkCases(metadataLabelErrors, [
    { rule: 'valid labels pass', metadata: { name: 'a', labels: { app: 'web', 'app.kubernetes.io/name': 'My_App.1' } }, expected: [] },
    { rule: 'an empty value is a valid label', metadata: { labels: { app: '' } }, expected: [] },
    { rule: 'no labels, no errors', metadata: { name: 'a' }, expected: [] },
    {
      rule: 'a bad value is reported at metadata.labels with the value',
      metadata: { labels: { app: 'bad value!' } },
      expected: [`metadata.labels: Invalid value: "bad value!": ${LABEL_VALUE_MSG}`],
    },
    {
      rule: 'a value over 63 bytes is too long',
      metadata: { labels: { app: 'v'.repeat(64) } },
      expected: [`metadata.labels: Invalid value: "${'v'.repeat(64)}": ${LABEL_TOO_LONG_MSG}`],
    },
    {
      rule: 'a value is measured in bytes, and its length worded in bytes',
      metadata: { labels: { app: 'é'.repeat(32) } },
      expected: [`metadata.labels: Invalid value: "${'é'.repeat(32)}": ${LABEL_TOO_LONG_MSG}`, `metadata.labels: Invalid value: "${'é'.repeat(32)}": ${LABEL_VALUE_MSG}`],
    },
    {
      rule: 'a prefix over 253 bytes is too long, in bytes',
      metadata: { labels: { [`${'p'.repeat(254)}/app`]: 'x' } },
      // The key is quoted up to 256 characters, then its size (shorten.ts).
      expected: [`metadata.labels: Invalid value: "${'p'.repeat(254)}/a"... (258 bytes): ${LABEL_KEY_PREFIX_TOO_LONG_MSG}`],
    },
    {
      rule: 'a bad key is reported at metadata.labels with the key',
      metadata: { labels: { 'bad key!': 'x' } },
      expected: [`metadata.labels: Invalid value: "bad key!": ${LABEL_KEY_NAME_MSG}`],
    },
    {
      rule: 'a name part over 63 bytes is too long',
      metadata: { labels: { [`example.com/${'k'.repeat(64)}`]: 'x' } },
      expected: [`metadata.labels: Invalid value: "example.com/${'k'.repeat(64)}": name part ${LABEL_TOO_LONG_MSG}`],
    },
    {
      rule: 'a prefix must be a DNS-1123 subdomain',
      metadata: { labels: { 'Example.com/app': 'x' } },
      expected: [`metadata.labels: Invalid value: "Example.com/app": ${LABEL_KEY_PREFIX_MSG}`],
    },
    {
      rule: 'an empty prefix is refused',
      metadata: { labels: { '/app': 'x' } },
      expected: ['metadata.labels: Invalid value: "/app": prefix part must be non-empty'],
    },
    {
      rule: 'an empty name part is refused twice over, as apimachinery does',
      metadata: { labels: { 'example.com/': 'x' } },
      expected: ['metadata.labels: Invalid value: "example.com/": name part must be non-empty', `metadata.labels: Invalid value: "example.com/": ${LABEL_KEY_NAME_MSG}`],
    },
    {
      rule: 'two slashes are refused in one message',
      metadata: { labels: { 'a/b/c': 'x' } },
      expected: [`metadata.labels: Invalid value: "a/b/c": ${LABEL_KEY_SLASHES_MSG}`],
    },
    {
      rule: 'each label is checked, key then value, in document order',
      metadata: { labels: { 'b!': 'ok', a: 'bad!', 'c!': 'worse!' } },
      expected: [
        `metadata.labels: Invalid value: "b!": ${LABEL_KEY_NAME_MSG}`,
        `metadata.labels: Invalid value: "bad!": ${LABEL_VALUE_MSG}`,
        `metadata.labels: Invalid value: "c!": ${LABEL_KEY_NAME_MSG}`,
        `metadata.labels: Invalid value: "worse!": ${LABEL_VALUE_MSG}`,
      ],
    },
    { rule: 'labels of the wrong type are left to the schema', metadata: { labels: ['app=web'] }, expected: [] },
    {
      rule: 'a value of the wrong type is left to the schema, its key still checked',
      metadata: { labels: { ok: 7, 'bad!': true } },
      expected: [`metadata.labels: Invalid value: "bad!": ${LABEL_KEY_NAME_MSG}`],
    },
    { rule: 'a metadata of the wrong type is left to the schema', metadata: 'backend', expected: [] },
  ]);
});

describe('metadataAnnotationErrors', () => {
  const halfLimit = TOTAL_ANNOTATION_SIZE_LIMIT_B / 2;
  checkCases(metadataAnnotationErrors, [
    { rule: 'valid annotations pass, values of any text', metadata: { annotations: { 'example.com/note': 'any text: at all!\n' } }, expected: [] },
    { rule: 'keys are lower-cased before the check', metadata: { annotations: { 'Example.COM/Note': 'x' } }, expected: [] },
    { rule: 'as Go lower-cases them, İ to i', metadata: { annotations: { 'İ.example.com/x': 'x' } }, expected: [] },
    {
      rule: 'a bad key is reported with the key as written',
      metadata: { annotations: { 'Bad Key': 'x' } },
      expected: [`metadata.annotations: Invalid value: "Bad Key": ${LABEL_KEY_NAME_MSG}`],
    },
    {
      rule: 'a bad prefix is reported as for labels',
      metadata: { annotations: { 'Ex_ample.com/note': 'x' } },
      expected: [`metadata.annotations: Invalid value: "Ex_ample.com/note": ${LABEL_KEY_PREFIX_MSG}`],
    },
    {
      rule: 'a key with several slashes is refused in one message, as for labels',
      metadata: { annotations: { 'example.com/a/b': 'x' } },
      expected: [`metadata.annotations: Invalid value: "example.com/a/b": ${LABEL_KEY_SLASHES_MSG}`],
    },
    {
      rule: 'exactly 256 KiB of keys and values is allowed',
      metadata: { annotations: { a: 'x'.repeat(halfLimit - 1), b: 'y'.repeat(halfLimit - 1) } },
      expected: [],
    },
    {
      rule: 'one byte more is too long, the value left out',
      metadata: { annotations: { a: 'x'.repeat(halfLimit - 1), b: 'y'.repeat(halfLimit) } },
      expected: ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    },
    {
      rule: 'the size is counted in bytes',
      metadata: { annotations: { a: 'é'.repeat(halfLimit) } },
      expected: ['metadata.annotations: Too long: may not be more than 262144 bytes'],
    },
    {
      rule: 'key errors come before the size',
      metadata: { annotations: { 'bad!': 'z'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) } },
      expected: [`metadata.annotations: Invalid value: "bad!": ${LABEL_KEY_NAME_MSG}`, 'metadata.annotations: Too long: may not be more than 262144 bytes'],
    },
    { rule: 'annotations of the wrong type are left to the schema', metadata: { annotations: 'note' }, expected: [] },
    { rule: 'a value of the wrong type is left to the schema', metadata: { annotations: { note: 1 } }, expected: [] },
  ]);
});

describe('apiServerRejection', () => {
  it('denies a nameless object as the API server does', () => {
    const object = validListener();
    delete object['metadata']['name'];
    const request = requestFor(object, { uid: 'u-1' });
    expect(apiServerRejection(request, object)).to.deep.equal({
      uid: 'u-1',
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: 'Listener.skupper.io "" is invalid: metadata.name: Required value: name or generateName is required',
        details: {
          name: '',
          group: 'skupper.io',
          kind: 'Listener',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
        },
      },
    });
  });

  it('lets a named object through to the validating webhooks', () => {
    expect(apiServerRejection(requestFor(validListener()), validListener())).to.equal(undefined);
  });

  it('denies bad labels and annotations after the name, as ValidateObjectMetaAccessor orders them', () => {
    const object = validListener();
    object['metadata'] = { name: 'Frontend', labels: { app: 'bad value!' }, annotations: { 'a/b/c': '' } };
    const response = apiServerRejection(requestFor(object), object);
    expect(response?.status?.details?.causes?.map((cause) => cause.field)).to.deep.equal(['metadata.name', 'metadata.labels', 'metadata.annotations']);
    expect(response?.status?.message).to.contain(`, metadata.labels: Invalid value: "bad value!": ${LABEL_VALUE_MSG}, metadata.annotations: Invalid value: "a/b/c": ${LABEL_KEY_SLASHES_MSG}]`);
  });

  it('words an annotation size cause as StatusCause does', () => {
    const object = validListener();
    object['metadata']['annotations'] = { note: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) };
    expect(apiServerRejection(requestFor(object), object)?.status?.details?.causes).to.deep.equal([
      { reason: 'FieldValueTooLong', message: 'Too long: may not be more than 262144 bytes', field: 'metadata.annotations' },
    ]);
  });

  it('names the kind from the request', () => {
    const response = apiServerRejection({ uid: 'u', kind: LISTENER_KIND, operation: 'CREATE' }, { metadata: { name: 'X' } });
    expect(response?.status?.message).to.match(/^Listener\.skupper\.io "X" is invalid: metadata\.name: Invalid value: "X": /);
  });
});
