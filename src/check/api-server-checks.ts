/**
 * apiServerRejection is what the API server itself refuses between mutating
 * and validating admission, for every custom resource: after the mutating
 * webhooks it fills in a generated name and validates the object's metadata
 * (apiextensions-apiserver's strategy calls ValidateObjectMetaAccessor with
 * NameIsDNSSubdomain), and only an object that passes reaches the validating
 * webhooks. `check` repeats its name, label and annotation rules
 * (validation/object-meta.ts), so that a manifest it admits is one the
 * cluster admits too; the wording is apimachinery's own. Only `check` runs
 * them: in a cluster the API server already has, so `serve` never does.
 */
import { isPlainObject } from '../core/object.js';
import { invalid as invalidResponse } from '../admission/response.js';
import type { AdmissionRequest, AdmissionResponse } from '../core/review.js';
import { objectMetaErrors } from '../validation/object-meta.js';

/**
 * apiServerRejection returns the API server's own denial of object, the
 * mutated object of request, or undefined when the object reaches the
 * validating webhooks.
 */
export function apiServerRejection(request: AdmissionRequest, object: unknown): AdmissionResponse | undefined {
  const errors = objectMetaErrors(object);
  if (errors.length === 0) return undefined;
  const metadata = isPlainObject(object) ? object['metadata'] : undefined;
  const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
  return invalidResponse(request.uid, { group: request.kind.group, kind: request.kind.kind, name }, errors);
}
