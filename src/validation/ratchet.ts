/**
 * ratchet drops, on UPDATE, the errors of fields whose value the update did
 * not change, as Kubernetes' own CRD validation ratcheting does
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-ratcheting).
 * An object stored before the webhook was installed may break a rule; without
 * this, every later update of it (a label, a finalizer's removal) would be
 * denied and the object wedged. Errors of fields the update touches still deny.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FieldError } from './field-error.js';

function valueAt(object: unknown, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** ratchet returns the errors of fields that differ between object and oldObject. */
export function ratchet(errors: FieldError[], object: unknown, oldObject: unknown): FieldError[] {
  if (typeof oldObject !== 'object' || oldObject === null) return errors;
  return errors.filter((error) => {
    const path = error.path ?? error.field.split('.');
    return !isDeepStrictEqual(valueAt(object, path), valueAt(oldObject, path));
  });
}
