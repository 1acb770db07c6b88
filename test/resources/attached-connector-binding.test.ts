import { expect } from 'chai';
import { createWebhooks } from '../../src/admission/webhooks.js';
import type { AdmissionResponse, StatusCause } from '../../src/core/review.js';
import type { ClusterState } from '../../src/resources/resource.js';
import { INVALID, VALID } from '../fixtures/cases/attached-connector-binding.js';
import { LABEL_MSG } from '../fixtures/apimachinery-messages.js';
import { requestFor, validBinding } from '../fixtures/reviews.js';
import { describeValidation } from '../support/admission-cases.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const webhooks = defaultWebhooks();

describe('AttachedConnectorBinding', () => {
  describeValidation(VALID, INVALID);

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

  const causes = (response: AdmissionResponse): StatusCause[] => response.status?.details?.causes ?? [];

  context('when the object is being deleted (metadata.deletionTimestamp set)', () => {
    /** deleting is object with a deletionTimestamp and the finalizers given. */
    function deleting(object: Record<string, any>, finalizers: string[]): Record<string, any> {
      object.metadata.deletionTimestamp = '2026-11-22T00:00:00Z';
      object.metadata.finalizers = finalizers;
      return object;
    }
    function brokenInSpec(): Record<string, any> {
      const object = validBinding();
      object.spec.connectorNamespace = 'Bad_NS';
      return object;
    }
    const update = (object: Record<string, any>, oldObject: Record<string, any> | undefined) =>
      webhooks.validate(requestFor(object, { operation: 'UPDATE', oldObject }));

    it('admits an update that only changes metadata (a finalizer removed, a label added), even of a broken object', () => {
      const object = deleting(brokenInSpec(), []);
      object.metadata.labels = { done: 'yes' };
      object.metadata.name = 'Not_Checked';
      expect(update(object, deleting(brokenInSpec(), ['skupper.io/cleanup'])).allowed).to.equal(true);
    });

    it('judges a change to spec like any UPDATE: a finalizer and a deletion buy no way past the rules', () => {
      const object = deleting(brokenInSpec(), ['example.com/hold']);
      const response = update(object, deleting(validBinding(), ['example.com/hold']));
      expect(response.allowed).to.equal(false);
      expect(causes(response).map((c) => c.field)).to.deep.equal(['spec.connectorNamespace']);
    });

    it('still ratchets: a spec change elsewhere leaves an old broken field alone', () => {
      const object = deleting(brokenInSpec(), ['example.com/hold']);
      object.spec.routingKey = 'renamed';
      expect(update(object, deleting(brokenInSpec(), ['example.com/hold'])).allowed).to.equal(true);
    });

    it('reviews a change to any other top-level field too, and an UPDATE without oldObject', () => {
      // metadata.name stands for a metadata field the rules check: passed unreviewed, its change is not looked at.
      const renamed = () => Object.assign(deleting(validBinding(), []), { metadata: { ...deleting(validBinding(), []).metadata, name: 'Not_Checked' } });
      expect(update(renamed(), deleting(validBinding(), [])).allowed).to.equal(true);
      expect(update(Object.assign(renamed(), { extra: 1 }), deleting(validBinding(), [])).allowed).to.equal(false);
      expect(update(renamed(), undefined).allowed).to.equal(false);
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
