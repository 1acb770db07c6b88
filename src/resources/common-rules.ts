/**
 * Rules several kinds share word for word: the API server's own check of the
 * object's name, and a field that names a Secret.
 */
import type { KubeObject } from '../core/review.js';
import { type FieldError, invalid } from '../validation/field-error.js';
import { isDNS1123Subdomain } from '../validation/names.js';
import { metadataNameErrors } from '../validation/object-meta.js';
import type { RuleContext } from './resource.js';

/** METADATA_FIELDS are the fields whose schema errors make the name checks moot. */
const METADATA_FIELDS = ['metadata', 'metadata.name', 'metadata.generateName'];

/** metadataChecked reports whether the schema already refused the object's name fields. */
export function metadataChecked(context: RuleContext): boolean {
  return METADATA_FIELDS.some((field) => context.fieldsWithSchemaErrors.failed(field));
}

/**
 * apiServerNameErrors is the API server's check of every object's name,
 * repeated so that /validate asked directly, and `check`, refuse what the
 * cluster would; nothing when the schema already refused the name's type.
 */
export function apiServerNameErrors(object: KubeObject, context: RuleContext): FieldError[] {
  return metadataChecked(context) ? [] : metadataNameErrors(object);
}

/** secretNameErrors checks a field that names a Secret; empty means none, as Skupper's omitempty field reads it. */
export function secretNameErrors(field: string, value: unknown): FieldError[] {
  if (typeof value !== 'string' || value === '') return [];
  return isDNS1123Subdomain(value).map((message) => invalid(field, value, message));
}
