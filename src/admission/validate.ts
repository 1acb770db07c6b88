/**
 * createValidate builds the /validate decision: deny a guarded object that
 * breaks its kind's rules, with every violation at once, and admit the rest
 * with warnings.
 */
import type { ClusterState } from '../resources/resource.js';
import type { ObjectValidator } from '../validation/object-validator.js';
import { DEFAULT_SERVICE_NAME_VALIDATION, type ServiceNameValidation } from '../validation/service-name.js';
import { ratchet } from '../validation/ratchet.js';
import { objectName, objectNamespace } from './object.js';
import { guardedWrite } from './operation.js';
import { allowed, invalid } from './response.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';

/** AdmissionHandler is a pure decision from a request to a response. */
export type AdmissionHandler = (request: AdmissionRequest) => AdmissionResponse;

/** ValidateOptions are what the validating decision depends on besides the request. */
export interface ValidateOptions {
  clusterState?: ClusterState | undefined;
  serviceNameValidation?: ServiceNameValidation | undefined;
}

/** createValidate returns the validating handler over validator's compiled schemas. */
export function createValidate(validator: ObjectValidator, options: ValidateOptions = {}): AdmissionHandler {
  const { clusterState } = options;
  const serviceNameValidation = options.serviceNameValidation ?? DEFAULT_SERVICE_NAME_VALIDATION;
  return (request) => {
    const write = guardedWrite(request);
    if (!('rules' in write)) return write;
    const { object, operation, rules } = write;
    const namespace = objectNamespace(object, request);
    const result = validator.validate(rules, object, { namespace, operation, oldObject: request.oldObject, clusterState, serviceNameValidation });
    const errors = operation === 'UPDATE' ? ratchet(result.errors, object, request.oldObject) : result.errors;
    if (errors.length === 0) return allowed(request.uid, result.warnings);
    return invalid(
      request.uid,
      { group: request.kind.group, kind: rules.kind, name: objectName(object, request) },
      errors,
      result.warnings,
    );
  };
}
