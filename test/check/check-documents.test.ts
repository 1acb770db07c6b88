import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { reviewOffline } from '../../src/admission/offline-review.js';
import { checkDocuments, checkSource, type DocumentOutcome, reviewDocument } from '../../src/check/check-documents.js';
import { BINDING_KIND, LISTENER_KIND, requestFor, validBinding, validListener } from '../fixtures/reviews.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const UID = 'uid';

/** stable replaces the random uids, so that whole outcomes compare with deep.equal. */
function stable(outcomes: DocumentOutcome[]): DocumentOutcome[] {
  return outcomes.map((outcome) => {
    if (outcome.status === 'list') return { ...outcome, items: stable(outcome.items) };
    if (outcome.status !== 'admitted' && outcome.status !== 'denied') return outcome;
    return { ...outcome, request: { ...outcome.request, uid: UID }, response: { ...outcome.response, uid: UID } };
  });
}

function base64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

describe('checkDocuments', () => {
  const webhooks = defaultWebhooks();

  it('defaults a Listener: the patch, the mutated object and the admission', () => {
    const listener = validListener();
    const mutated = { ...validListener(), spec: { ...validListener()['spec'], type: 'tcp' } };
    const patch = [{ op: 'add', path: '/spec/type', value: 'tcp' }];
    expect(stable(checkDocuments(webhooks, [{ position: '1', value: listener }]))).to.deep.equal([
      {
        position: '1',
        status: 'admitted',
        subject: { kind: 'Listener', namespace: 'hello-world-west', name: 'backend' },
        request: { uid: UID, kind: LISTENER_KIND, operation: 'CREATE', name: 'backend', namespace: 'hello-world-west', object: listener, dryRun: true },
        object: mutated,
        patch,
        response: { uid: UID, allowed: true },
        warnings: [],
      },
    ]);
  });

  it('denies a binding into its own namespace, with the causes', () => {
    const binding = { ...validBinding(), spec: { connectorNamespace: 'west', routingKey: 'backend' } };
    const [outcome] = stable(checkDocuments(webhooks, [{ position: '4', value: binding }]));
    expect(outcome).to.deep.equal({
      position: '4',
      status: 'denied',
      subject: { kind: 'AttachedConnectorBinding', namespace: 'west', name: 'backend' },
      request: { uid: UID, kind: BINDING_KIND, operation: 'CREATE', name: 'backend', namespace: 'west', object: binding, dryRun: true },
      object: binding,
      patch: [],
      response: {
        uid: UID,
        allowed: false,
        status: {
          status: 'Failure',
          code: 422,
          reason: 'Invalid',
          message:
            'AttachedConnectorBinding.skupper.io "backend" is invalid: spec.connectorNamespace: Invalid value: "west": must be a peer namespace: it may not be the binding\'s own namespace',
          details: {
            name: 'backend',
            group: 'skupper.io',
            kind: 'AttachedConnectorBinding',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "west": must be a peer namespace: it may not be the binding\'s own namespace',
                field: 'spec.connectorNamespace',
              },
            ],
          },
        },
      },
      warnings: [],
    });
  });

  it('uses the namespace option for a document without one', () => {
    const binding = validBinding();
    delete binding['metadata']['namespace'];
    const [outcome] = checkDocuments(webhooks, [{ position: '1', value: binding }], { namespace: 'east' });
    expect(outcome?.status).to.equal('denied');
    expect(outcome?.status === 'denied' && outcome.subject).to.deep.equal({ kind: 'AttachedConnectorBinding', namespace: 'east', name: 'backend' });
  });

  context('when a Listener has no name', () => {
    it('is mutated, then refused by the API server before validation', () => {
      const listener = validListener();
      delete listener['metadata']['name'];
      const [outcome] = stable(checkDocuments(webhooks, [{ position: '1', value: listener }]));
      expect(outcome).to.include({ status: 'denied' });
      const denied = outcome as Extract<DocumentOutcome, { status: 'admitted' | 'denied' }>;
      expect(denied.patch).to.deep.equal([{ op: 'add', path: '/spec/type', value: 'tcp' }]);
      expect(denied.subject).to.deep.equal({ kind: 'Listener', namespace: 'hello-world-west', name: '<no name>' });
      expect(denied.response.status?.details?.causes).to.deep.equal([
        { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
      ]);
    });
  });

  const others: { rule: string; value: unknown; expected: DocumentOutcome }[] = [
    { rule: 'an empty document is empty', value: null, expected: { position: '1', status: 'empty' } },
    {
      rule: 'a non-object is refused',
      value: 'text',
      expected: { position: '1', status: 'refused', message: 'not a Kubernetes object: the document is a string, not a mapping' },
    },
    {
      rule: 'another kind is skipped, untouched',
      value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
      expected: {
        position: '1',
        status: 'skipped',
        object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        subject: { kind: 'Service', namespace: 'default', name: 's' },
      },
    },
    {
      rule: 'another skupper.io version is skipped with its note',
      value: { apiVersion: 'skupper.io/v1alpha1', kind: 'Listener', metadata: { generateName: 'l-', namespace: 'west' } },
      expected: {
        position: '1',
        status: 'skipped',
        object: { apiVersion: 'skupper.io/v1alpha1', kind: 'Listener', metadata: { generateName: 'l-', namespace: 'west' } },
        subject: { kind: 'Listener', namespace: 'west', name: 'l-*' },
        note: 'not checked: the webhook reviews skupper.io/v2alpha1 only, and this is skupper.io/v1alpha1',
      },
    },
  ];

  for (const { rule, value, expected } of others) {
    it(rule, () => {
      expect(checkDocuments(webhooks, [{ position: '1', value }])).to.deep.equal([expected]);
    });
  }

  it('prunes the nulls the API server prunes (declared fields) before the webhooks, and keeps the others', () => {
    const listener = validListener();
    listener['spec'] = { ...listener['spec'], type: null, tlsCredentials: null, settings: { a: null, b: 'c' } };
    listener['status'] = { open: null };
    const [outcome] = checkDocuments(webhooks, [{ position: '1', value: listener }]);
    expect(outcome?.status).to.equal('admitted');
    if (outcome?.status !== 'admitted') return;
    expect(outcome.patch, 'type was absent by the time /mutate saw it').to.deep.equal([{ op: 'add', path: '/spec/type', value: 'tcp' }]);
    const object = outcome.object as Record<string, unknown>;
    expect(object['spec']).to.deep.equal({ ...validListener()['spec'], type: 'tcp', settings: { b: 'c' } });
    expect(object['status'], 'status is open: its nulls stay').to.deep.equal({ open: null });
  });

  it('drops the metadata fields ObjectMeta does not have, with the API server’s warning, before the webhooks', () => {
    const listener = validListener();
    listener['metadata'] = { ...listener['metadata'], lables: { app: 'db' }, foo: null };
    listener['spec'] = { ...listener['spec'], bogus: 1 };
    const [outcome] = checkDocuments(webhooks, [{ position: '1', value: listener }]);
    expect(outcome?.status).to.equal('admitted');
    if (outcome?.status !== 'admitted') return;
    expect(outcome.warnings).to.deep.equal(['unknown field "metadata.lables"', 'unknown field "metadata.foo"', 'unknown field "spec.bogus"']);
    expect((outcome.object as Record<string, unknown>)['metadata']).to.deep.equal(validListener()['metadata']);
    expect(outcome.request.object, 'the webhooks never see them').to.deep.include({ metadata: validListener()['metadata'] });
  });

  it('checks the items of a List one by one', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [validBinding(), { apiVersion: 'v1', kind: 'Service' }] };
    const outcomes = checkDocuments(webhooks, [
      {
        position: '2',
        value: list,
        items: [
          { position: '2.1', value: list.items[0] },
          { position: '2.2', value: list.items[1] },
        ],
      },
    ]);
    expect(outcomes.map((o) => (o.status === 'list' ? o.items.map((i) => [i.position, i.status]) : o.status))).to.deep.equal([
      [
        ['2.1', 'admitted'],
        ['2.2', 'skipped'],
      ],
    ]);
  });

  it('never modifies the documents', () => {
    const listener = validListener();
    checkDocuments(webhooks, [{ position: '1', value: listener }], { namespace: 'east' });
    expect(listener).to.deep.equal(validListener());
  });
});

describe('reviewDocument', () => {
  const webhooks = defaultWebhooks();

  it('gives the verdict and patch of reviewOffline, the server’s own pipeline', () => {
    const request = requestFor({ ...validListener(), spec: { ...validListener()['spec'], type: 'udp', extra: 1 } });
    const review = reviewDocument(webhooks, request);
    const offline = reviewOffline(webhooks, request);
    expect({ response: review.response, patch: review.patch, object: review.object }).to.deep.equal({
      response: offline.validation,
      patch: offline.patch,
      object: offline.object,
    });
    expect(review.warnings).to.deep.equal(offline.validation.warnings);
  });

  it('returns a patch that applies to the document and gives the object', () => {
    const request = requestFor({ ...validListener(), spec: { routingKey: 'a', host: 'a', port: 1, type: null } });
    const review = reviewDocument(webhooks, request);
    const patched = jsonPatch.applyPatch(structuredClone(request.object), review.patch as jsonPatch.Operation[]).newDocument;
    expect(patched).to.deep.equal(review.object);
    expect(review.patch).to.deep.equal([{ op: 'replace', path: '/spec/type', value: 'tcp' }]);
  });

  context('when the mutating webhook warns and the API server refuses', () => {
    it('keeps the mutating warnings only', () => {
      const object = { ...validListener(), metadata: {} };
      const webhooksWithWarning = {
        ...webhooks,
        mutate: () => ({ uid: 'u', allowed: true, warnings: ['from mutate'] }),
        validate: () => ({ uid: 'u', allowed: true, warnings: ['from validate'] }),
      };
      const review = reviewDocument(webhooksWithWarning, requestFor(object));
      expect(review.warnings).to.deep.equal(['from mutate']);
      expect(review.response.allowed).to.equal(false);
    });
  });

  context('when the mutating webhook denies', () => {
    it('reports that denial once, with its warnings once', () => {
      const refusal = { uid: 'u', allowed: false, status: { status: 'Failure' as const, code: 400, reason: 'BadRequest', message: 'no' }, warnings: ['w'] };
      const review = reviewDocument({ ...webhooks, mutate: () => refusal }, requestFor(validListener()));
      expect({ response: review.response, warnings: review.warnings, patch: review.patch }).to.deep.equal({
        response: refusal,
        warnings: ['w'],
        patch: [],
      });
    });
  });

  context('when a webhook throws', () => {
    it('denies the document as the server and the API server would, without throwing', () => {
      const broken = {
        ...webhooks,
        validate: () => {
          throw new Error('rule exploded');
        },
      };
      const request = requestFor(validBinding(), { uid: 'u-2' });
      expect(reviewDocument(broken, request)).to.deep.equal({
        subject: { kind: 'AttachedConnectorBinding', namespace: 'west', name: 'backend' },
        request,
        object: validBinding(),
        patch: [],
        response: {
          uid: 'u-2',
          allowed: false,
          status: { status: 'Failure', code: 500, reason: 'InternalError', message: 'internal error in the webhooks: rule exploded' },
        },
        warnings: [],
      });
    });
  });

  it('decodes the patch the mutating webhook sent', () => {
    const patch = [{ op: 'add', path: '/spec/extra', value: 1 }];
    const review = reviewDocument(
      { ...webhooks, mutate: () => ({ uid: 'u', allowed: true, patchType: 'JSONPatch', patch: base64(patch) }) },
      requestFor(validBinding()),
    );
    expect(review.patch).to.deep.equal(patch);
    expect(review.object).to.deep.equal({ ...validBinding(), spec: { ...validBinding()['spec'], extra: 1 } });
  });
});

describe('checkSource', () => {
  const webhooks = defaultWebhooks();

  it('parses and checks one input', () => {
    const result = checkSource(webhooks, { name: 'a.yaml', text: 'apiVersion: v1\nkind: Service\n---\n' });
    expect(result).to.deep.equal({
      file: 'a.yaml',
      errors: [],
      documents: [
        { position: '1', status: 'skipped', object: { apiVersion: 'v1', kind: 'Service' }, subject: { kind: 'Service', namespace: 'default', name: '<no name>' } },
        { position: '2', status: 'empty' },
      ],
    });
  });

  it('keeps the syntax errors and checks nothing of that input', () => {
    const result = checkSource(webhooks, { name: 'b.yaml', text: 'kind: Service\n---\na: [\n' });
    expect({ documents: result.documents, errors: result.errors.map((e) => [e.file, e.line, e.column]) }).to.deep.equal({
      documents: [],
      errors: [['b.yaml', 4, 1]],
    });
  });
});
