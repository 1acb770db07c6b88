/**
 * createValidate builds the /validate decision: deny a guarded object that
 * breaks its kind's rules, with every violation at once (up to MAX_CAUSES
 * spelled out), and admit the rest with warnings.
 */
import type { ClusterState } from '../resources/resource.js';
import type { ObjectValidator } from './object-validator.js';
import { DEFAULT_SERVICE_NAME_VALIDATION, type ServiceNameValidation } from '../validation/service-name.js';
import { objectName, objectNamespace } from '../core/object.js';
import { guardedWrite } from './operation.js';
import { allowed, invalid } from './response.js';
import type { AdmissionRequest, AdmissionResponse } from '../core/review.js';

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
    const result = validator.validate(rules, object, { namespace, operation, clusterState, serviceNameValidation, oldObject: request.oldObject });
    if (result.errors.length === 0 && result.moreErrors === 0) return allowed(request.uid, result.warnings, result.moreWarnings);
    return invalid(
      request.uid,
      { group: request.kind.group, kind: rules.kind, name: objectName(object, request) },
      result.errors,
      result.warnings,
      { errors: result.moreErrors, warnings: result.moreWarnings },
    );
  };
}
