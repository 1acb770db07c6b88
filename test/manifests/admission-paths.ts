/**
 * Test support: the two ways to install admission, as api-server-model.ts's
 * Admission: the webhook's handlers called as the API server calls them, and
 * the rendered admission policies evaluated as it evaluates them.
 */
import { decodePatch } from '../../src/admission/offline-review.js';
import type { AdmissionRequest } from '../../src/core/review.js';
import type { Webhooks } from '../../src/admission/webhooks.js';
import type { AdmissionPolicies } from './admission-policies.js';
import { type Admission, type CustomResource, typeErrors, UntypableObjectError } from './api-server-model.js';

/** webhookAdmission is the webhook: its mutating handler when mutates (the mutating configuration is installed), and its validating one. */
export function webhookAdmission(webhooks: Webhooks, mutates = true): Admission {
  return {
    mutate: (request) => (mutates ? decodePatch(webhooks.mutate(request)) : []),
    validate: (request) => {
      const response = webhooks.validate(request);
      if (response.allowed) return undefined;
      const causes = response.status?.details?.causes ?? [];
      return causes.length > 0 ? causes.map((c) => `${c.field}: ${c.message}`) : [response.status?.message ?? 'denied'];
    },
  };
}

/**
 * policyAdmission is the admission policies, for objects of crd. Mutating
 * admission runs before the CRD's schema is checked, so a mutating policy can
 * meet a value of the wrong type; one that reads such a value, or a field of
 * it (has(object.spec.type) when spec is a string), is taken to fail, as cel-go
 * fails to select a field of a string. Either way the request is refused:
 * the schema check that follows would refuse it.
 */
export function policyAdmission(policies: AdmissionPolicies, crd: CustomResource): Admission {
  const of = (request: AdmissionRequest) => ({ request, resource: crd.resource });
  return {
    mutate: (request) => {
      const wrong = typeErrors(crd, request.object);
      const reads = wrong.length > 0 ? policies.mutatingReads(of(request)) : [];
      const failing = wrong.filter((path) =>
        reads.some((usage) => [...usage.values].some((read) => read === path || path.startsWith(`${read}.`) || read.startsWith(`${path}.`)) || usage.operands.has(path)),
      );
      if (failing.length > 0) throw new UntypableObjectError(`a mutating policy reads what does not fit the CRD's types: ${failing.join(', ')}`);
      return policies.mutate(of(request));
    },
    validate: (request) => {
      const denial = policies.validate(of(request));
      return denial === undefined ? undefined : [denial.message];
    },
  };
}
