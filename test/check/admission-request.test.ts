import { expect } from 'chai';
import { admissionRequestFor, DEFAULT_NAMESPACE, documentNamespace } from '../../src/check/admission-request.js';
import { LISTENER_KIND } from '../fixtures/reviews.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function listener(metadata?: unknown): Record<string, unknown> {
  return {
    apiVersion: 'skupper.io/v2alpha1',
    kind: 'Listener',
    ...(metadata === undefined ? {} : { metadata }),
    spec: { routingKey: 'backend', host: 'backend', port: 8080 },
  };
}

describe('admissionRequestFor', () => {
  it('builds a dry-run CREATE like the API server’s', () => {
    const object = listener({ name: 'backend', namespace: 'west' });
    const { uid, ...request } = admissionRequestFor(object, LISTENER_KIND, 'ignored');
    expect(uid).to.match(UUID);
    expect(request).to.deep.equal({
      kind: LISTENER_KIND,
      operation: 'CREATE',
      name: 'backend',
      namespace: 'west',
      object,
      dryRun: true,
    });
  });

  it('gives every request its own uid', () => {
    const object = listener({ name: 'backend' });
    expect(admissionRequestFor(object, LISTENER_KIND).uid).not.to.equal(admissionRequestFor(object, LISTENER_KIND).uid);
  });

  const namespaces: { rule: string; metadata: unknown; fallback?: string; namespace: string; objectMetadata: unknown }[] = [
    {
      rule: "the document's namespace wins over the fallback",
      metadata: { name: 'a', namespace: 'west' },
      fallback: 'east',
      namespace: 'west',
      objectMetadata: { name: 'a', namespace: 'west' },
    },
    {
      rule: 'without one, the fallback namespace is filled into the object',
      metadata: { name: 'a' },
      fallback: 'east',
      namespace: 'east',
      objectMetadata: { name: 'a', namespace: 'east' },
    },
    {
      rule: 'an empty namespace counts as none',
      metadata: { name: 'a', namespace: '' },
      fallback: 'east',
      namespace: 'east',
      objectMetadata: { name: 'a', namespace: 'east' },
    },
    {
      rule: 'without a fallback, the namespace is default',
      metadata: { name: 'a' },
      namespace: DEFAULT_NAMESPACE,
      objectMetadata: { name: 'a', namespace: 'default' },
    },
    {
      rule: 'a missing metadata is created for the namespace',
      metadata: undefined,
      fallback: 'east',
      namespace: 'east',
      objectMetadata: { namespace: 'east' },
    },
    {
      rule: 'a null metadata is replaced for the namespace',
      metadata: null,
      fallback: 'east',
      namespace: 'east',
      objectMetadata: { namespace: 'east' },
    },
    {
      rule: 'a metadata that is not a mapping is left for the schema to deny',
      metadata: 'west',
      fallback: 'east',
      namespace: 'east',
      objectMetadata: 'west',
    },
    {
      rule: 'a namespace that is not a string is left for the schema to deny',
      metadata: { name: 'a', namespace: 7 },
      fallback: 'east',
      namespace: 'east',
      objectMetadata: { name: 'a', namespace: 7 },
    },
  ];

  for (const { rule, metadata, fallback, namespace, objectMetadata } of namespaces) {
    it(rule, () => {
      const object = listener(metadata);
      const request = admissionRequestFor(object, LISTENER_KIND, fallback);
      expect(request.namespace).to.equal(namespace);
      expect(request.object).to.deep.equal({ ...listener(objectMetadata), metadata: objectMetadata });
    });
  }

  it('never modifies the document', () => {
    const object = listener({ name: 'a' });
    admissionRequestFor(object, LISTENER_KIND, 'east');
    expect(object).to.deep.equal(listener({ name: 'a' }));
  });

  context('when the object has no name', () => {
    it('leaves name out, as the API server does', () => {
      expect(admissionRequestFor(listener({ generateName: 'a-' }), LISTENER_KIND)).not.to.have.property('name');
    });
  });
});

describe('documentNamespace', () => {
  const cases: [unknown, string | undefined][] = [
    [{ namespace: 'west' }, 'west'],
    [{ namespace: '' }, undefined],
    [{}, undefined],
    [undefined, undefined],
    ['west', undefined],
  ];
  for (const [metadata, expected] of cases) {
    it(`reads ${JSON.stringify(metadata)} as ${String(expected)}`, () => {
      expect(documentNamespace({ metadata })).to.equal(expected);
    });
  }
});
