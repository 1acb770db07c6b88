/**
 * The API server's own checks of every custom resource's metadata
 * (apiextensions-apiserver's strategy calls ValidateObjectMetaAccessor with
 * NameIsDNSSubdomain), worded as apimachinery words them. `check` applies
 * them all where the API server does, between mutating and validating
 * admission (check/api-server-checks.ts); the Listener rules apply the name
 * check too, so that /validate, asked directly, refuses what the cluster
 * would. Values of the wrong type are left to the webhook's schema, which
 * words them as the CRD's structural schema would.
 */
import { isPlainObject } from '../core/object.js';
import { NAME_REQUIRED_DETAIL } from './apimachinery-wording.js';
import { type FieldError, invalid, required, tooLong } from './field-error.js';
import { isDNS1123Subdomain, isLabelKey, isLabelValue } from './names.js';

/**
 * MAX_GENERATE_NAME_PREFIX is how much of generateName the API server keeps
 * before it appends GENERATED_SUFFIX_LENGTH random characters
 * (SimpleNameGenerator), so that a generated name fits in 63.
 */
export const MAX_GENERATE_NAME_PREFIX = 58;
/** GENERATED_SUFFIX_LENGTH is how many random characters the API server appends to generateName. */
export const GENERATED_SUFFIX_LENGTH = 5;
/** GENERATED_SUFFIX_ALPHABET is apimachinery's rand.String alphabet, which the suffix is drawn from. */
export const GENERATED_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** TOTAL_ANNOTATION_SIZE_LIMIT_B is apimachinery's TotalAnnotationSizeLimitB: keys and values together, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

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

/** metadataNameErrors checks metadata.name and metadata.generateName as the API server does. */
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

/** metadataMap is metadata[field] when it is a map, as labels and annotations must be; else undefined. */
function metadataMap(object: unknown, field: 'labels' | 'annotations'): Record<string, unknown> | undefined {
  if (!isPlainObject(object)) return undefined;
  const metadata = object['metadata'];
  if (!isPlainObject(metadata)) return undefined;
  const map = metadata[field];
  return isPlainObject(map) ? map : undefined;
}

/**
 * metadataLabelErrors is ValidateLabels on metadata.labels: each key a
 * qualified name, each value a label value. Both kinds of error name the
 * field metadata.labels and carry the bad key or the bad value. Go walks the
 * map in random order; this walks it in the document's.
 */
export function metadataLabelErrors(object: unknown): FieldError[] {
  const labels = metadataMap(object, 'labels');
  if (labels === undefined) return [];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const message of isLabelKey(key)) errors.push(invalid('metadata.labels', key, message));
    if (typeof value !== 'string') continue;
    for (const message of isLabelValue(value)) errors.push(invalid('metadata.labels', value, message));
  }
  return errors;
}

/**
 * goToLower is Go's strings.ToLower, which maps each rune on its own: unlike
 * JavaScript's toLowerCase, it turns U+0130 (İ) into a plain "i".
 */
function goToLower(value: string): string {
  if (/^[\x00-\x7f]*$/.test(value)) return value.toLowerCase();
  let lower = '';
  for (const rune of value) lower += rune === '\u0130' ? 'i' : rune.toLowerCase();
  return lower;
}

/**
 * metadataAnnotationErrors is ValidateAnnotations on metadata.annotations:
 * each key, lower-cased, a qualified name (the bad value shown is the key as
 * written), and all keys and values together at most 256 KiB.
 */
export function metadataAnnotationErrors(object: unknown): FieldError[] {
  const annotations = metadataMap(object, 'annotations');
  if (annotations === undefined) return [];
  const errors: FieldError[] = [];
  let totalSize = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of isLabelKey(goToLower(key))) errors.push(invalid('metadata.annotations', key, message));
    totalSize += Buffer.byteLength(key, 'utf8') + (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  }
  if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT_B) errors.push(tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errors;
}

/**
 * objectMetaErrors is what `check` repeats of ValidateObjectMetaAccessor, in
 * its order: name, then labels, then annotations.
 */
export function objectMetaErrors(object: unknown): FieldError[] {
  return [...metadataNameErrors(object), ...metadataLabelErrors(object), ...metadataAnnotationErrors(object)];
}
