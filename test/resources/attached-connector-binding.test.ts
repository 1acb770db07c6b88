import { expect } from 'chai';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { AdmissionResponse, StatusCause } from '../../src/admission/review.js';
import type { ClusterState } from '../../src/resources/resource.js';
import { INVALID, VALID } from '../fixtures/cases/attached-connector-binding.js';
import { requestFor, validBinding } from '../fixtures/reviews.js';
import { describeValidation } from '../support/admission-cases.js';

const webhooks = createWebhooks();

function causes(response: AdmissionResponse): StatusCause[] {
  return response.status?.details?.causes ?? [];
}

describe('AttachedConnectorBinding', () => {
  describeValidation(VALID, INVALID);

  it('uses the request namespace when the object has none', () => {
    const object = validBinding();
    delete object.metadata.namespace;
    object.spec.connectorNamespace = 'west';
    const response = webhooks.validate(requestFor(object, { namespace: 'west' }));
    expect(causes(response).map((c) => c.field)).to.deep.equal(['spec.connectorNamespace']);
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
      ['no AttachedConnector of that name', stateWith({}), ['no AttachedConnector "backend" exists in namespace "east" yet: the binding does nothing, and its site reports "No matching AttachedConnector", until one is created there']],
      [
        'an AttachedConnector whose siteNamespace points elsewhere',
        stateWith({ 'east/backend': { siteNamespace: 'north' } }),
        ['AttachedConnector "east/backend" has spec.siteNamespace "north", not this binding\'s namespace "west": Skupper hands that AttachedConnector to the site in "north", so the two will not pair'],
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
