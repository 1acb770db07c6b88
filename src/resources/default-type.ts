/**
 * The one default this webhook fills in: spec.type is tcp on every kind whose
 * documentation gives it that default while its CRD has none (Listener,
 * Connector, AttachedConnector), with the smallest patch that says so.
 */
import type { JsonPatchOperation, KubeObject } from '../core/review.js';

/** DEFAULT_TYPE is the documented default of spec.type, and the only type Skupper's CLI offers. */
export const DEFAULT_TYPE = 'tcp';

/**
 * defaultType sets spec.type to tcp when it is absent, null or empty, with
 * one patch operation; a missing spec is added whole so that the patch
 * applies. An explicit type is never overridden, and a spec of the wrong type
 * is left for validation to deny. It is idempotent: the patched object needs
 * no patch.
 */
export function defaultType(object: KubeObject): JsonPatchOperation[] {
  const spec = object['spec'];
  if (spec === undefined || spec === null) {
    return [{ op: 'add', path: '/spec', value: { type: DEFAULT_TYPE } }];
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) return [];
  const type = (spec as Record<string, unknown>)['type'];
  if (type === undefined) return [{ op: 'add', path: '/spec/type', value: DEFAULT_TYPE }];
  if (type === null || type === '') return [{ op: 'replace', path: '/spec/type', value: DEFAULT_TYPE }];
  return [];
}
