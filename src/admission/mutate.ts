/**
 * createMutate builds the /mutate decision: fill in a guarded kind's defaults
 * with the smallest JSON Patch, and leave everything else untouched.
 */
import { rulesFor } from '../resources/registry.js';
import { checkOperation } from './operation.js';
import { allowed, patched } from './response.js';
import type { AdmissionHandler } from './validate.js';

/** createMutate returns the mutating handler. */
export function createMutate(): AdmissionHandler {
  return (request) => {
    const rules = rulesFor(request.kind.group, request.kind.kind);
    if (!rules) return allowed(request.uid);
    const reviewable = checkOperation(request);
    if (reviewable === 'pass') return allowed(request.uid);
    if (!('object' in reviewable)) return reviewable;
    return patched(request.uid, rules.defaults?.(reviewable.object) ?? []);
  };
}
