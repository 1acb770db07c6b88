/**
 * ratchet drops, on UPDATE, the errors of fields whose value the update did
 * not change, as Kubernetes' own CRD validation ratcheting does
 * (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-ratcheting).
 * An object stored before the webhook was installed may break a rule; without
 * this, every later update of it (a label, a finalizer's removal) would be
 * denied and the object wedged. Errors of fields the update touches still deny.
 */
import type { FieldError } from '../validation/field-error.js';

/** ARRAY_INDEX is how an error's path names an item of a list (ajv's instancePath: "/routingKeys/2"). */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * valueAt is the value at path; an item of a list is found by its index, so
 * an item an update left where it was ratchets like any other field, and
 * one it added or changed does not.
 */
function valueAt(object: unknown, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
      continue;
    }
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * sameJson reports whether two parsed JSON values are equal, with a stack of
 * pairs instead of recursion: a value nested thousands deep (which JSON.parse
 * reads without complaint) must not exhaust the call stack, as
 * util.isDeepStrictEqual's recursion did from about 1,500 levels. Key order
 * does not matter, and -0 equals 0, as for the API server's decoded values.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const pending: unknown[] = [a, b];
  while (pending.length > 0) {
    const y = pending.pop();
    const x = pending.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      if (x.length !== ys.length) return false;
      for (let i = 0; i < x.length; i++) pending.push(x[i], ys[i]);
      continue;
    }
    const xs = x as Record<string, unknown>;
    const ys = y as Record<string, unknown>;
    const keys = Object.keys(xs);
    if (keys.length !== Object.keys(ys).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(ys, key)) return false;
      pending.push(xs[key], ys[key]);
    }
  }
  return true;
}

/** fieldSegments splits a field path as apimachinery prints it ("spec.keys[2]" is spec, keys, 2). */
function fieldSegments(field: string): string[] {
  return field.replace(/\[(\d+)\]/g, '.$1').split('.');
}

/**
 * changedBy returns whether the field at a path (its keys one by one) differs
 * between object and oldObject, or undefined when there is no oldObject to
 * ratchet against (a CREATE): then every error counts.
 */
export function changedBy(object: unknown, oldObject: unknown): ((path: readonly string[]) => boolean) | undefined {
  if (typeof oldObject !== 'object' || oldObject === null) return undefined;
  return (path) => !sameJson(valueAt(object, path), valueAt(oldObject, path));
}

/** ratchet returns the errors of fields that differ between object and oldObject. */
export function ratchet(errors: FieldError[], object: unknown, oldObject: unknown): FieldError[] {
  const changed = changedBy(object, oldObject);
  if (changed === undefined) return errors;
  return errors.filter((error) => changed(error.path ?? fieldSegments(error.field)));
}
