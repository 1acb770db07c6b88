import { expect } from 'chai';
import { type Classification, classifyDocument, parseApiVersion } from '../../src/check/classify-document.js';

describe('classifyDocument', () => {
  const listener = { apiVersion: 'skupper.io/v2alpha1', kind: 'Listener', metadata: { name: 'a' } };
  const binding = { apiVersion: 'skupper.io/v2alpha1', kind: 'AttachedConnectorBinding' };
  const oldListener = { apiVersion: 'skupper.io/v1alpha1', kind: 'Listener' };
  const site = { apiVersion: 'skupper.io/v2alpha1', kind: 'Site' };
  const service = { apiVersion: 'v1', kind: 'Service' };
  const lookalike = { apiVersion: 'example.com/v2alpha1', kind: 'Listener' };

  const cases: { rule: string; value: unknown; expected: Classification }[] = [
    { rule: 'an empty document is ignored', value: null, expected: { action: 'ignore' } },
    {
      rule: 'a Listener of v2alpha1 is reviewed',
      value: listener,
      expected: { action: 'review', object: listener, kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' } },
    },
    {
      rule: 'an AttachedConnectorBinding of v2alpha1 is reviewed',
      value: binding,
      expected: { action: 'review', object: binding, kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'AttachedConnectorBinding' } },
    },
    {
      rule: 'a guarded kind of another skupper.io version is skipped with a note',
      value: oldListener,
      expected: {
        action: 'skip',
        object: oldListener,
        kind: { group: 'skupper.io', version: 'v1alpha1', kind: 'Listener' },
        note: 'not checked: the webhook reviews skupper.io/v2alpha1 only, and this is skupper.io/v1alpha1',
      },
    },
    {
      rule: 'a skupper.io kind the webhook does not guard is skipped quietly',
      value: site,
      expected: { action: 'skip', object: site, kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Site' } },
    },
    {
      rule: 'a core kind is skipped quietly',
      value: service,
      expected: { action: 'skip', object: service, kind: { group: '', version: 'v1', kind: 'Service' } },
    },
    {
      rule: 'a kind of the same name in another group is skipped quietly',
      value: lookalike,
      expected: { action: 'skip', object: lookalike, kind: { group: 'example.com', version: 'v2alpha1', kind: 'Listener' } },
    },
    { rule: 'a missing kind is refused', value: { apiVersion: 'v1' }, expected: { action: 'refuse', message: 'kind not set' } },
    { rule: 'a missing apiVersion is refused', value: { kind: 'Listener' }, expected: { action: 'refuse', message: 'apiVersion not set' } },
    {
      rule: 'an object with neither is refused with both',
      value: { metadata: {} },
      expected: { action: 'refuse', message: 'apiVersion not set, kind not set' },
    },
    {
      rule: 'a kind that is not a string is refused',
      value: { apiVersion: 'v1', kind: 42 },
      expected: { action: 'refuse', message: 'kind not set' },
    },
    {
      rule: 'a sequence is refused',
      value: [listener],
      expected: { action: 'refuse', message: 'not a Kubernetes object: the document is a sequence, not a mapping' },
    },
    {
      rule: 'a string is refused',
      value: 'kind: Listener',
      expected: { action: 'refuse', message: 'not a Kubernetes object: the document is a string, not a mapping' },
    },
    {
      rule: 'a number is refused',
      value: 42,
      expected: { action: 'refuse', message: 'not a Kubernetes object: the document is a number, not a mapping' },
    },
    {
      rule: 'a boolean is refused',
      value: true,
      expected: { action: 'refuse', message: 'not a Kubernetes object: the document is a boolean, not a mapping' },
    },
  ];

  for (const { rule, value, expected } of cases) {
    it(rule, () => {
      expect(classifyDocument(value)).to.deep.equal(expected);
    });
  }
});

describe('parseApiVersion', () => {
  const cases: [string, { group: string; version: string }][] = [
    ['skupper.io/v2alpha1', { group: 'skupper.io', version: 'v2alpha1' }],
    ['v1', { group: '', version: 'v1' }],
    ['apps/v1', { group: 'apps', version: 'v1' }],
  ];
  for (const [apiVersion, expected] of cases) {
    it(`splits ${apiVersion}`, () => {
      expect(parseApiVersion(apiVersion)).to.deep.equal(expected);
    });
  }
});
