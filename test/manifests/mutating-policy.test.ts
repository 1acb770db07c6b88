/**
 * The MutatingAdmissionPolicies of manifests/policies default spec.type of
 * Listener, Connector and AttachedConnector exactly when the webhook's
 * /mutate patches, with the same JSON Patch, on the object as the API server
 * hands it to mutating admission (decoded: unknown fields and nulls pruned);
 * and, as the webhook, patch no other kind.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import type { DefaultingCase } from '../fixtures/cases/admission-case.js';
import * as attachedConnector from '../fixtures/cases/attached-connector.js';
import * as binding from '../fixtures/cases/attached-connector-binding.js';
import * as connector from '../fixtures/cases/connector.js';
import * as listener from '../fixtures/cases/listener.js';
import * as multiKeyListener from '../fixtures/cases/multi-key-listener.js';
import { validListener } from '../fixtures/reviews.js';
import { caseRequest, defaultingRequest } from '../support/admission-cases.js';
import { policyAdmission } from './admission-paths.js';
import { AdmissionPolicies } from './admission-policies.js';
import { decode, schemaErrors, SKUPPER_CRDS, UntypableObjectError } from './api-server-model.js';
import { kustomize, RENDERINGS } from './rendered-manifests.js';
import { defaultWebhooks } from '../support/default-webhooks.js';

const webhooks = defaultWebhooks();

/** PROPERTY_RUNS is how many made-up objects the property tries per kind. */
const PROPERTY_RUNS = 300;

/** DEFAULTED are the kinds with a tcp default, their defaulting cases and a valid example. */
const DEFAULTED = [
  { kind: 'Listener', cases: listener.DEFAULTS, valid: validListener },
  { kind: 'Connector', cases: connector.DEFAULTS, valid: connector.validConnector },
  { kind: 'AttachedConnector', cases: attachedConnector.DEFAULTS, valid: attachedConnector.validAttachedConnector },
] as const;

/** EVERY_CASE is every validation case of every guarded kind. */
const EVERY_CASE = [listener, multiKeyListener, connector, attachedConnector, binding].flatMap((table) => [...table.VALID, ...table.INVALID]);

const crdOf = (request: AdmissionRequest) => SKUPPER_CRDS[request.kind.kind]!;

/** decoded is request with its objects as the API server hands them to mutating admission. */
function decoded(request: AdmissionRequest): AdmissionRequest {
  const crd = crdOf(request);
  // Through JSON first, as the API server receives it: a key holding undefined is no key at all.
  const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  return {
    ...request,
    object: decode(crd, json(request.object), request.namespace),
    ...(request.oldObject === undefined ? {} : { oldObject: decode(crd, json(request.oldObject), request.namespace) }),
  };
}

function applied(object: unknown, patch: unknown[]): unknown {
  return patch.length ? jsonPatch.applyPatch(structuredClone(object), patch as jsonPatch.Operation[], true, false).newDocument : object;
}

describe('the MutatingAdmissionPolicies of manifests/policies', () => {
  let policies: AdmissionPolicies;
  before(async () => {
    policies = new AdmissionPolicies(await kustomize(RENDERINGS.policies));
  });

  /** expectSamePatch checks that the policies patch request exactly as the webhook does, and returns the patch. */
  function expectSamePatch(request: AdmissionRequest): unknown[] {
    const webhookPatch = decodePatch(webhooks.mutate(request));
    let policyPatch: unknown[];
    try {
      policyPatch = policyAdmission(policies, crdOf(request)).mutate(request);
    } catch (e) {
      // The policy reads a value of the wrong type and fails the request; whatever the webhook's patch, the schema check refuses the object next.
      expect(e).to.be.instanceOf(UntypableObjectError);
      expect(schemaErrors(crdOf(request), applied(request.object, webhookPatch))).to.not.be.empty;
      return webhookPatch;
    }
    expect(policyPatch).to.deep.equal(webhookPatch);
    return policyPatch;
  }

  for (const { kind, cases, valid } of DEFAULTED) {
    describe(kind, () => {
      for (const c of cases as readonly DefaultingCase[]) {
        it(`${c.name}, as the webhook does`, () => {
          const request = decoded(defaultingRequest(c));
          const patch = expectSamePatch(request);
          // The case's patch is on the object as sent; here the API server has pruned it (a null type reaches admission absent), so the objects made are compared.
          expect(applied(request.object, patch)).to.deep.equal(decode(crdOf(request), applied(c.object, c.patch), request.namespace));
          if (patch.length > 0) expect(expectSamePatch({ ...request, object: applied(request.object, patch) }), 'idempotent').to.deep.equal([]);
        });
      }

      it(`patches any ${kind}, created or updated, as the webhook does, and never twice (idempotent)`, () => {
        const type = fc.option(fc.constantFrom('', 'tcp', 'udp', 'TCP', null, 7), { nil: undefined });
        const spec = fc.option(fc.record({ port: fc.constant(8080), type }, { requiredKeys: ['port'] }), { nil: undefined });
        fc.assert(
          fc.property(spec, fc.option(spec, { nil: undefined }), fc.boolean(), (newSpec, oldSpec, deleting) => {
            const object = valid();
            if (newSpec === undefined) delete object['spec'];
            else object['spec'] = { ...object['spec'], ...newSpec };
            if (deleting) object['metadata'].deletionTimestamp = '2026-11-22T00:00:00Z';
            let oldObject: Record<string, any> | undefined;
            if (oldSpec !== undefined || deleting) {
              oldObject = valid();
              oldObject['spec'] = { ...oldObject['spec'], ...oldSpec };
              if (deleting) oldObject['metadata'].deletionTimestamp = object['metadata'].deletionTimestamp;
            }
            const request = decoded({
              uid: 'property',
              kind: { group: 'skupper.io', version: 'v2alpha1', kind },
              operation: oldObject ? 'UPDATE' : 'CREATE',
              namespace: object['metadata'].namespace,
              object,
              ...(oldObject ? { oldObject } : {}),
            });
            const patch = expectSamePatch(request);
            if (patch.length > 0) expect(expectSamePatch({ ...request, object: applied(request.object, patch) })).to.deep.equal([]);
          }),
          { numRuns: PROPERTY_RUNS },
        );
      });
    });
  }

  it('patches every validation case of every guarded kind as the webhook does (MultiKeyListener and AttachedConnectorBinding never)', () => {
    expect(EVERY_CASE.map((c) => c.object['kind'])).to.include.members(['MultiKeyListener', 'AttachedConnectorBinding']);
    for (const c of EVERY_CASE) expectSamePatch(decoded(caseRequest(c)));
  });
});
