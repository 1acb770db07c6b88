/**
 * apiServerRejection is what the API server itself refuses between mutating
 * and validating admission, for every custom resource: after the mutating
 * webhooks it fills in a generated name and validates the object's metadata
 * (apiextensions-apiserver's strategy calls ValidateObjectMetaAccessor with
 * NameIsDNSSubdomain), and only an object that passes reaches the validating
 * webhooks. `check` repeats the name rules, so that a manifest it admits is
 * one the cluster admits too; the wording is apimachinery's own.
 */
import { isPlainObject } from '../admission/object.js';
import { invalid as invalidResponse } from '../admission/response.js';
import type { AdmissionRequest, AdmissionResponse } from '../admission/review.js';
import { type FieldError, invalid, required } from '../validation/field-error.js';
import { isDNS1123Subdomain } from '../validation/names.js';

/** NAME_REQUIRED_DETAIL is apimachinery's detail for an object with neither name nor generateName. */
export const NAME_REQUIRED_DETAIL = 'name or generateName is required';

/**
 * maskTrailingDash is apimachinery's: a generateName prefix may end in "-",
 * which a full name may not, so the check replaces the end of the prefix.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * metadataNameErrors checks metadata.name and metadata.generateName as the
 * API server does. Values of the wrong type are left to the webhook's schema,
 * which words them as the CRD's structural schema would.
 */
export function metadataNameErrors(object: unknown): FieldError[] {
  if (!isPlainObject(object)) return [];
  const metadata = object['metadata'] ?? {};
  if (!isPlainObject(metadata)) return [];
  const errors: FieldError[] = [];
  const generateName = metadata['generateName'];
  if (typeof generateName === 'string' && generateName !== '') {
    for (const message of isDNS1123Subdomain(maskTrailingDash(generateName))) {
      errors.push(invalid('metadata.generateName', generateName, message));
    }
  }
  const name = metadata['name'];
  if (isAbsent(name)) {
    // With a generateName, the API server has generated the name by now.
    if (isAbsent(generateName)) errors.push(required('metadata.name', NAME_REQUIRED_DETAIL));
  } else if (typeof name === 'string') {
    for (const message of isDNS1123Subdomain(name)) errors.push(invalid('metadata.name', name, message));
  }
  return errors;
}

/**
 * apiServerRejection returns the API server's own denial of object, the
 * mutated object of request, or undefined when the object reaches the
 * validating webhooks.
 */
export function apiServerRejection(request: AdmissionRequest, object: unknown): AdmissionResponse | undefined {
  const errors = metadataNameErrors(object);
  if (errors.length === 0) return undefined;
  const metadata = isPlainObject(object) ? object['metadata'] : undefined;
  const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
  return invalidResponse(request.uid, { group: request.kind.group, kind: request.kind.kind, name }, errors);
}
