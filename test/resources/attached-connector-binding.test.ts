import { expect } from 'chai';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { AdmissionResponse, StatusCause } from '../../src/admission/review.js';
import type { ClusterState } from '../../src/resources/resource.js';
import { requestFor, validBinding } from '../fixtures/reviews.js';
import { LABEL_MSG, SUBDOMAIN_MSG } from '../fixtures/apimachinery-messages.js';


const webhooks = createWebhooks();

function causes(response: AdmissionResponse): StatusCause[] {
  return response.status?.details?.causes ?? [];
}

type Edit = (o: Record<string, any>) => void;

describe('AttachedConnectorBinding', () => {
  context('when the binding follows every rule', () => {
    const valid: Array<[string, Edit]> = [
      ['the plain binding', () => {}],
      ['with settings of strings', (o) => (o.spec.settings = { a: '1', b: '' })],
      ['with exposePodsByName', (o) => (o.spec.exposePodsByName = true)],
      ['with a 63-character connectorNamespace', (o) => (o.spec.connectorNamespace = 'e'.repeat(63))],
      ['with a dotted name', (o) => (o.metadata.name = 'backend.v1')],
      ['with status set', (o) => (o.status = { status: 'Ready', anything: 1 })],
      // Kubernetes keeps a name it is given and ignores generateName beside it.
      ['with a name given beside a generateName', (o) => (o.metadata.generateName = 'backend-')],
      ['with a name that only looks generated from another prefix', (o) => ((o.metadata.generateName = 'front-'), (o.metadata.name = 'backend-x7k2p'))],
    ];
    for (const [name, edit] of valid) {
      it(`admits ${name} without warnings`, () => {
        const object = validBinding();
        edit(object);
        expect(webhooks.validate(requestFor(object))).to.deep.equal({ uid: requestFor(object).uid, allowed: true });
      });
    }
  });

  context('when a rule is broken', () => {
    const invalid: Array<[string, Edit, StatusCause[]]> = [
      ['spec is required', (o) => delete o.spec, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec' }]],
      [
        'connectorNamespace and routingKey are required',
        (o) => (o.spec = {}),
        [
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.connectorNamespace' },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' },
        ],
      ],
      ['connectorNamespace may not be empty', (o) => (o.spec.connectorNamespace = ''), [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.connectorNamespace' }]],
      ['routingKey may not be empty', (o) => (o.spec.routingKey = ''), [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' }]],
      [
        'connectorNamespace must be a DNS-1123 label',
        (o) => (o.spec.connectorNamespace = 'Bad_NS'),
        [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_NS": ${LABEL_MSG}`, field: 'spec.connectorNamespace' }],
      ],
      [
        'connectorNamespace may not contain dots',
        (o) => (o.spec.connectorNamespace = 'east.west'),
        [{ reason: 'FieldValueInvalid', message: 'Invalid value: "east.west": must not contain dots', field: 'spec.connectorNamespace' }],
      ],
      [
        'connectorNamespace is at most 63 characters',
        (o) => (o.spec.connectorNamespace = 'e'.repeat(64)),
        [{ reason: 'FieldValueInvalid', message: `Invalid value: "${'e'.repeat(64)}": must be no more than 63 characters`, field: 'spec.connectorNamespace' }],
      ],
      [
        'connectorNamespace must be a peer namespace',
        (o) => (o.spec.connectorNamespace = 'west'),
        [{ reason: 'FieldValueInvalid', message: `Invalid value: "west": must be a peer namespace: it may not be the binding's own namespace`, field: 'spec.connectorNamespace' }],
      ],
      [
        'connectorNamespace must be a string',
        (o) => (o.spec.connectorNamespace = 5),
        [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "integer": spec.connectorNamespace in body must be of type string: "integer"', field: 'spec.connectorNamespace' }],
      ],
      [
        'settings values must be strings',
        (o) => (o.spec.settings = { ok: 'x', bad: 1 }),
        [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "integer": spec.settings.bad in body must be of type string: "integer"', field: 'spec.settings.bad' }],
      ],
      [
        'settings must be an object',
        (o) => (o.spec.settings = ['a']),
        [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "array": spec.settings in body must be of type object: "array"', field: 'spec.settings' }],
      ],
      [
        'exposePodsByName must be a boolean',
        (o) => (o.spec.exposePodsByName = 'yes'),
        [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.exposePodsByName in body must be of type boolean: "string"', field: 'spec.exposePodsByName' }],
      ],
      ['metadata.name is required', (o) => delete o.metadata.name, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.name' }]],
      [
        'a generateName beside a given name must still be a DNS-1123 subdomain prefix, as the API server checks',
        (o) => (o.metadata.generateName = 'Bad_'),
        [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_": ${SUBDOMAIN_MSG}`, field: 'metadata.generateName' }],
      ],
      [
        'metadata.name must be a DNS-1123 subdomain',
        (o) => (o.metadata.name = 'Backend'),
        [{ reason: 'FieldValueInvalid', message: `Invalid value: "Backend": ${SUBDOMAIN_MSG}`, field: 'metadata.name' }],
      ],
      ...(
        [
          ['with no name yet (offline)', (o: Record<string, any>) => ((o.metadata.generateName = 'backend-'), delete o.metadata.name)],
          ['with the name the API server made of it', (o: Record<string, any>) => ((o.metadata.generateName = 'backend-'), (o.metadata.name = 'backend-x7k2p'))],
          [
            'of more than 58 characters, with the name made of its first 58',
            (o: Record<string, any>) => ((o.metadata.generateName = 'b'.repeat(70)), (o.metadata.name = `${'b'.repeat(58)}2hq4z`)),
          ],
        ] as Array<[string, Edit]>
      ).map(([when, edit]): [string, Edit, StatusCause[]] => [
        `metadata.generateName is refused ${when}`,
        edit,
        [
          {
            reason: 'FieldValueForbidden',
            message: "Forbidden: a generated name can never equal the AttachedConnector's name; set metadata.name to the AttachedConnector's name",
            field: 'metadata.generateName',
          },
        ],
      ]),
    ];
    for (const [rule, edit, expected] of invalid) {
      it(`denies: ${rule}`, () => {
        const object = validBinding();
        edit(object);
        const response = webhooks.validate(requestFor(object));
        expect(response.allowed).to.equal(false);
        expect(response.status?.code).to.equal(422);
        expect(response.status?.reason).to.equal('Invalid');
        expect(causes(response)).to.deep.equal(expected);
      });
    }
  });

  it('reports every violation at once, with the message kubectl prints', () => {
    const object = validBinding();
    object.spec = { connectorNamespace: 'Bad_NS' };
    const response = webhooks.validate(requestFor(object));
    expect(response).to.deep.equal({
      uid: requestFor(object).uid,
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: `AttachedConnectorBinding.skupper.io "backend" is invalid: [spec.routingKey: Required value, spec.connectorNamespace: Invalid value: "Bad_NS": ${LABEL_MSG}]`,
        details: {
          name: 'backend',
          group: 'skupper.io',
          kind: 'AttachedConnectorBinding',
          causes: [
            { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.routingKey' },
            { reason: 'FieldValueInvalid', message: `Invalid value: "Bad_NS": ${LABEL_MSG}`, field: 'spec.connectorNamespace' },
          ],
        },
      },
    });
  });

  it('uses the request namespace when the object has none', () => {
    const object = validBinding();
    delete object.metadata.namespace;
    object.spec.connectorNamespace = 'west';
    const response = webhooks.validate(requestFor(object, { namespace: 'west' }));
    expect(causes(response).map((c) => c.field)).to.deep.equal(['spec.connectorNamespace']);
  });

  it('admits unknown fields with a warning naming each', () => {
    const object = validBinding();
    object.spec.conectorNamespace = 'typo';
    object.extra = true;
    const response = webhooks.validate(requestFor(object));
    expect(response).to.deep.equal({ uid: requestFor(object).uid, allowed: true, warnings: ['unknown field "spec.conectorNamespace"', 'unknown field "extra"'] });
  });

  context('when the operation is not CREATE or UPDATE', () => {
    for (const operation of ['DELETE', 'CONNECT']) {
      it(`admits ${operation} untouched, even of a broken object`, () => {
        const response = webhooks.validate(requestFor({ kind: 'AttachedConnectorBinding' }, { operation }));
        expect(response).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
      });
    }
    it('refuses an operation it does not know (fails closed)', () => {
      const response = webhooks.validate(requestFor(validBinding(), { operation: 'PATCH' }));
      expect(response.allowed).to.equal(false);
      expect(response.status?.code).to.equal(400);
    });
  });

  it('validates UPDATE like CREATE', () => {
    const object = validBinding();
    object.spec.connectorNamespace = 'west';
    expect(webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: validBinding() })).allowed).to.equal(false);
  });

  context('when an UPDATE leaves a broken field as it was (ratcheting)', () => {
    function broken(): Record<string, any> {
      const object = validBinding();
      object.spec.connectorNamespace = 'Bad_NS';
      return object;
    }
    it('admits an update that only changes a label', () => {
      const object = broken();
      object.metadata.labels = { team: 'a' };
      expect(webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: broken() })).allowed).to.equal(true);
    });
    it('still denies the fields the update changes', () => {
      const object = broken();
      object.spec.routingKey = '';
      const response = webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: broken() }));
      expect(causes(response).map((c) => c.field)).to.deep.equal(['spec.routingKey']);
    });
    it('denies an update that breaks a field that was valid', () => {
      expect(webhooks.validate(requestFor(broken(), { operation: 'UPDATE', oldObject: validBinding() })).allowed).to.equal(false);
    });
    it('admits an update of an object being deleted (finalizer removal)', () => {
      const object = broken();
      object.metadata.deletionTimestamp = '2026-11-22T00:00:00Z';
      expect(webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject: validBinding() })).allowed).to.equal(true);
    });
  });

  it('refuses a CREATE without an object', () => {
    const response = webhooks.validate(requestFor(undefined, { object: undefined }));
    expect(response.allowed).to.equal(false);
    expect(response.status?.code).to.equal(400);
    expect(response.status?.message).to.match(/^request\.object: Required value/);
  });

  context('when the cluster state is known', () => {
    function stateWith(connectors: Record<string, { siteNamespace?: string }>, synced = true): ClusterState {
      return { synced: () => synced, attachedConnector: (ns, name) => connectors[`${ns}/${name}`], exposures: () => [], service: () => undefined };
    }
    const cases: Array<[string, ClusterState, string[] | undefined]> = [
      ['no AttachedConnector of that name', stateWith({}), ['no AttachedConnector "backend" exists in namespace "east" yet: this binding stays pending until one is created there']],
      [
        'an AttachedConnector whose siteNamespace points elsewhere',
        stateWith({ 'east/backend': { siteNamespace: 'north' } }),
        ['AttachedConnector "east/backend" has spec.siteNamespace "north", not this binding\'s namespace "west": the two will not pair'],
      ],
      ['a matching AttachedConnector', stateWith({ 'east/backend': { siteNamespace: 'west' } }), undefined],
      ['a cache that has not synced yet', stateWith({}, false), undefined],
    ];
    for (const [name, state, warnings] of cases) {
      it(`admits with ${warnings ? 'a warning' : 'no warning'} for ${name}`, () => {
        const response = createWebhooks({ clusterState: state }).validate(requestFor(validBinding()));
        expect(response.allowed).to.equal(true);
        expect(response.warnings).to.deep.equal(warnings);
      });
    }
  });

  it('leaves bindings alone on /mutate', () => {
    expect(webhooks.mutate(requestFor(validBinding()))).to.deep.equal({ uid: requestFor(undefined).uid, allowed: true });
  });
});
