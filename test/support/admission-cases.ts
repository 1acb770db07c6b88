/**
 * Test support: runs a kind's case tables (test/fixtures/cases/) through the
 * webhooks as the API server calls them, so that every kind's test file
 * asserts the same things the same way: /validate's whole answer for each
 * case, and /mutate's patch applied to the object.
 */
import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionRequest, AdmissionResponse } from '../../src/core/review.js';
import { createWebhooks, type Webhooks } from '../../src/admission/webhooks.js';
import type { AdmissionCase, DefaultingCase } from '../fixtures/cases/admission-case.js';
import { requestFor } from '../fixtures/reviews.js';

/** caseRequest is the AdmissionRequest the API server would send for a case. */
export function caseRequest(c: AdmissionCase): AdmissionRequest {
  return requestFor(structuredClone(c.object), {
    operation: c.operation,
    oldObject: c.oldObject ? structuredClone(c.oldObject) : undefined,
    ...(c.namespace === undefined ? {} : { namespace: c.namespace }),
  });
}

/** expectedResponse is the whole /validate answer a case calls for. */
export function expectedResponse(c: AdmissionCase, request: AdmissionRequest): AdmissionResponse {
  if (c.expect.allowed) return c.expect.warnings?.length ? { uid: request.uid, allowed: true, warnings: c.expect.warnings } : { uid: request.uid, allowed: true };
  const name: string = c.object['metadata']?.['name'] ?? '';
  const kind: string = c.object['kind'];
  const messages = [...new Set(c.expect.causes.map((cause) => `${cause.field}: ${cause.message}`))];
  return {
    uid: request.uid,
    allowed: false,
    status: {
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message: `${kind}.skupper.io ${JSON.stringify(name)} is invalid: ${messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`}`,
      details: { name, group: 'skupper.io', kind, causes: c.expect.causes },
    },
  };
}

/** WEBHOOKS are the webhooks under each --service-name-validation rule, built once. */
const WEBHOOKS = { strict: createWebhooks({ serviceNameValidation: 'strict' }), relaxed: createWebhooks({ serviceNameValidation: 'relaxed' }) };

/** caseWebhooks are the webhooks a case runs against: those of its Service name rule. */
export function caseWebhooks(c: AdmissionCase): Webhooks {
  return WEBHOOKS[c.serviceNameValidation ?? 'strict'];
}

/** caseTitle names a case in a test's title: its name, and its Service name rule when not the default. */
export function caseTitle(c: AdmissionCase): string {
  const rule = c.serviceNameValidation === undefined ? '' : ` (--service-name-validation=${c.serviceNameValidation})`;
  return `${c.name}${rule}`;
}

/** itAnswers declares the test of one case: /validate's whole answer. */
function itAnswers(title: string, c: AdmissionCase): void {
  it(title, () => {
    const request = caseRequest(c);
    expect(caseWebhooks(c).validate(request)).to.deep.equal(expectedResponse(c, request));
  });
}

/** describeValidation adds one test per case, each comparing /validate's whole answer. */
export function describeValidation(valid: readonly AdmissionCase[], invalid: readonly AdmissionCase[]): void {
  context('when the object follows every rule', () => {
    for (const c of valid) itAnswers(`admits ${caseTitle(c)}`, c);
  });
  context('when a rule is broken', () => {
    for (const c of invalid) itAnswers(`denies: ${caseTitle(c)}`, c);
  });
}

/** defaultingRequest is the AdmissionRequest /mutate gets for a defaulting case. */
export function defaultingRequest(c: DefaultingCase): AdmissionRequest {
  return requestFor(structuredClone(c.object), c.oldObject ? { operation: 'UPDATE', oldObject: structuredClone(c.oldObject) } : {});
}

/** typeDefaulted is object as the tcp default makes it: spec.type set, or a spec holding only it. */
function typeDefaulted(object: Record<string, any>): Record<string, any> {
  const expected = structuredClone(object);
  if (expected['spec'] === undefined || expected['spec'] === null) expected['spec'] = { type: 'tcp' };
  else expected['spec'].type = 'tcp';
  return expected;
}

/** describeDefaulting adds one test per case: the patch, the whole object it makes, and that the result needs no further patch. */
export function describeDefaulting(cases: readonly DefaultingCase[]): void {
  const webhooks = WEBHOOKS.strict;
  for (const c of cases) {
    it(c.name, () => {
      const request = defaultingRequest(c);
      const response = webhooks.mutate(request);
      const patch = decodePatch(response);
      expect(patch).to.deep.equal(c.patch);
      if (c.patch.length === 0) {
        expect(response).to.deep.equal({ uid: request.uid, allowed: true });
        return;
      }
      expect(response.patchType).to.equal('JSONPatch');
      const patched = jsonPatch.applyPatch(structuredClone(c.object), patch as jsonPatch.Operation[], true, false).newDocument;
      expect(patched).to.deep.equal(typeDefaulted(c.object));
      expect(decodePatch(webhooks.mutate({ ...request, object: patched })), 'idempotent').to.deep.equal([]);
    });
  }
}
