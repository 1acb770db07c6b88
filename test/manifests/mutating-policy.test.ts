/**
 * The MutatingAdmissionPolicy of manifests/policies defaults Listener.spec.type
 * exactly when the webhook's /mutate patches, with the same JSON Patch, on the
 * object as the API server hands it to mutating admission (decoded: unknown
 * fields and nulls pruned).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionRequest } from '../../src/admission/review.js';
import { createWebhooks } from '../../src/admission/webhooks.js';
import { LISTENER_CASES, LISTENER_DEFAULTING_CASES } from '../fixtures/cases/listener.js';
import { requestOf } from '../fixtures/cases/admission-case.js';
import { LISTENER_KIND, validListener } from '../fixtures/reviews.js';
import { policyAdmission } from './admission-paths.js';
import { AdmissionPolicies } from './admission-policies.js';
import { decode, schemaErrors, SKUPPER_CRDS, UntypableObjectError } from './api-server-model.js';
import { kustomize } from './rendered-manifests.js';

const webhooks = createWebhooks();
const crd = SKUPPER_CRDS['Listener']!;

/** PROPERTY_RUNS is how many made-up Listeners the property tries. */
const PROPERTY_RUNS = 300;

/** decoded is request with its objects as the API server hands them to mutating admission. */
function decoded(request: AdmissionRequest): AdmissionRequest {
  return {
    ...request,
    object: decode(crd, request.object, request.namespace),
    ...(request.oldObject === undefined ? {} : { oldObject: decode(crd, request.oldObject, request.namespace) }),
  };
}

function applied(object: unknown, patch: unknown[]): unknown {
  return patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
}

describe('the MutatingAdmissionPolicy of manifests/policies', () => {
  let policies: AdmissionPolicies;
  before(async () => {
    policies = new AdmissionPolicies(await kustomize('manifests/policies'));
  });

  /** expectSamePatch checks that the policy patches request exactly as the webhook does, and returns the patch. */
  function expectSamePatch(request: AdmissionRequest): unknown[] {
    const webhookPatch = decodePatch(webhooks.mutate(request));
    let policyPatch: unknown[];
    try {
      policyPatch = policyAdmission(policies, crd).mutate(request);
    } catch (e) {
      // The policy reads a value of the wrong type and fails the request; the schema check would refuse it next anyway.
      expect(e).to.be.instanceOf(UntypableObjectError);
      expect(schemaErrors(crd, request.object)).to.not.be.empty;
      expect(webhookPatch, 'the webhook leaves such an object to validation').to.deep.equal([]);
      return webhookPatch;
    }
    expect(policyPatch).to.deep.equal(webhookPatch);
    return policyPatch;
  }

  for (const c of LISTENER_DEFAULTING_CASES) {
    it(`${c.name}, as the webhook does`, () => {
      const object = validListener();
      c.edit(object);
      let oldObject: Record<string, any> | undefined;
      if (c.old) c.old((oldObject = validListener()));
      const request = decoded({ uid: 'defaulting', kind: LISTENER_KIND, operation: oldObject ? 'UPDATE' : 'CREATE', namespace: object['metadata']?.namespace, object, ...(oldObject ? { oldObject } : {}) });
      const patch = expectSamePatch(request);
      // The webhook's result on the object as sent, pruned as the API server prunes: a null type reaches admission absent.
      const expected = decode(crd, object, request.namespace);
      c.result(expected);
      if (typeof expected['spec'] === 'object' && expected['spec'] !== null) expect(applied(request.object, patch)).to.deep.equal(expected);
    });
  }

  it('patches every case of the Listener table as the webhook does', () => {
    for (const c of LISTENER_CASES.cases) expectSamePatch(decoded(requestOf(LISTENER_CASES, c)));
  });

  it('patches any Listener, created or updated, as the webhook does, and never twice (idempotent)', () => {
    const type = fc.option(fc.constantFrom('', 'tcp', 'udp', 'TCP', null, 7), { nil: undefined });
    const spec = fc.option(fc.record({ host: fc.constant('backend'), type }, { requiredKeys: ['host'] }), { nil: undefined });
    fc.assert(
      fc.property(spec, fc.option(spec, { nil: undefined }), fc.boolean(), (newSpec, oldSpec, deleting) => {
        const object = validListener();
        if (newSpec === undefined) delete object['spec'];
        else object['spec'] = newSpec;
        if (deleting) object['metadata'].deletionTimestamp = '2026-11-22T00:00:00Z';
        let oldObject: Record<string, any> | undefined;
        if (oldSpec !== undefined || deleting) {
          oldObject = validListener();
          oldObject['spec'] = oldSpec ?? {};
          if (deleting) oldObject['metadata'].deletionTimestamp = object['metadata'].deletionTimestamp;
        }
        const request = decoded({ uid: 'property', kind: LISTENER_KIND, operation: oldObject ? 'UPDATE' : 'CREATE', namespace: 'west', object, ...(oldObject ? { oldObject } : {}) });
        const patch = expectSamePatch(request);
        if (patch.length > 0) expect(expectSamePatch({ ...request, object: applied(request.object, patch) })).to.deep.equal([]);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
