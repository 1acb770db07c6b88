/**
 * createMutate builds the /mutate decision: fill in a guarded kind's defaults
 * with the smallest JSON Patch, and leave everything else untouched.
 */
import { guardedWrite } from './operation.js';
import { patched } from './response.js';
import type { AdmissionHandler } from './validate.js';

/** createMutate returns the mutating handler. */
export function createMutate(): AdmissionHandler {
  return (request) => {
    const write = guardedWrite(request);
    if (!('rules' in write)) return write;
    return patched(request.uid, write.rules.defaults?.(write.object) ?? []);
  };
}
