/**
 * decodeObjectMeta is what the API server does to an object's metadata as it
 * decodes the request: a field that metav1.ObjectMeta does not have is
 * dropped, with the warning its field validation gives (`unknown field
 * "metadata.foo"`). `check` repeats it; the webhooks never see such a field,
 * because the API server drops it before any webhook runs.
 */
import { isPlainObject } from '../core/object.js';
import type { KubeObject } from '../core/review.js';
import { unknownFieldWarning } from '../validation/unknown-fields.js';

/** OBJECT_META_FIELDS are metav1.ObjectMeta's JSON names. */
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** DecodedObject is an object with its unknown metadata fields dropped, and the warnings for them. */
export interface DecodedObject {
  object: KubeObject;
  warnings: string[];
}

/** decodeObjectMeta drops object's unknown metadata fields, in document order, and returns the object and a warning for each. */
export function decodeObjectMeta(object: KubeObject): DecodedObject {
  const metadata = object['metadata'];
  if (!isPlainObject(metadata)) return { object, warnings: [] };
  const unknown = Object.keys(metadata).filter((key) => !OBJECT_META_FIELDS.has(key));
  if (unknown.length === 0) return { object, warnings: [] };
  const kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => OBJECT_META_FIELDS.has(key)));
  return { object: { ...object, metadata: kept }, warnings: unknown.map((key) => unknownFieldWarning(`metadata.${key}`)) };
}
