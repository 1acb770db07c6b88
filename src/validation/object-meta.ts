/**
 * metadataNameErrors is the API server's own check of every custom
 * resource's name (apiextensions-apiserver's strategy calls
 * ValidateObjectMetaAccessor with NameIsDNSSubdomain), worded as
 * apimachinery words it. `check` applies it where the API server does,
 * between mutating and validating admission (check/api-server-checks.ts);
 * the Listener rules apply it too, so that /validate, asked directly,
 * refuses what the cluster would.
 */
import { isPlainObject } from '../admission/object.js';
import { type FieldError, invalid, required } from './field-error.js';
import { isDNS1123Subdomain } from './names.js';

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
