/**
 * checkOperation sorts a request's operation for a guarded kind: CREATE and
 * UPDATE are reviewed, DELETE and CONNECT pass untouched, and anything else is
 * refused: an operation this webhook does not know is one it cannot vouch
 * for, so it fails closed. An UPDATE of an object being deleted passes only
 * when it changes nothing but metadata.
 */
import type { ResourceRules } from '../resources/resource.js';
import { rulesFor } from '../resources/registry.js';
import { sameJson } from './ratchet.js';
import { quoted } from '../validation/shorten.js';
import { allowed, denied } from './response.js';
import type { AdmissionRequest, AdmissionResponse, KubeObject } from '../core/review.js';
import { formatFieldError, required } from '../validation/field-error.js';
import { isPlainObject } from '../core/object.js';

/** Reviewable is a CREATE or UPDATE request with its object. */
export interface Reviewable {
  operation: 'CREATE' | 'UPDATE';
  object: KubeObject;
}

function isBeingDeleted(object: KubeObject): boolean {
  const metadata = object['metadata'];
  return isPlainObject(metadata) && typeof metadata['deletionTimestamp'] === 'string' && metadata['deletionTimestamp'] !== '';
}

function own(object: KubeObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * changesOnlyMetadata reports whether an UPDATE leaves every top-level field
 * but metadata (finalizers, labels, annotations) as oldObject had it. Without
 * an oldObject to compare with, it cannot tell, and says no.
 */
function changesOnlyMetadata(object: KubeObject, oldObject: unknown): boolean {
  if (!isPlainObject(oldObject)) return false;
  for (const key of new Set([...Object.keys(object), ...Object.keys(oldObject)])) {
    if (key !== 'metadata' && !sameJson(own(object, key), own(oldObject, key))) return false;
  }
  return true;
}

/**
 * checkOperation returns the request's operation and object when they must be
 * reviewed, 'pass' when they need no review, or the refusal to send.
 */
export function checkOperation(request: AdmissionRequest): Reviewable | 'pass' | AdmissionResponse {
  switch (request.operation) {
    case 'DELETE':
    case 'CONNECT':
      return 'pass';
    case 'CREATE':
    case 'UPDATE':
      // A write without its object would be waved through unreviewed; refuse it instead.
      if (!isPlainObject(request.object)) {
        return denied(
          request.uid,
          400,
          'BadRequest',
          formatFieldError(required('request.object', `a ${request.operation} of ${request.kind.kind} must carry the object as a JSON object`)),
        );
      }
      // An object on its way out sheds finalizers, which refusing would wedge; deletion exempts nothing else,
      // so a spec changed after the deletionTimestamp is judged like any UPDATE (ratcheting included).
      if (request.operation === 'UPDATE' && isBeingDeleted(request.object) && changesOnlyMetadata(request.object, request.oldObject)) return 'pass';
      return { operation: request.operation, object: request.object };
    default:
      return denied(request.uid, 400, 'BadRequest', `unsupported operation ${quoted(request.operation)}`);
  }
}

/** GuardedWrite is a CREATE or UPDATE of a guarded kind, with that kind's rules. */
export interface GuardedWrite extends Reviewable {
  rules: ResourceRules;
}

/**
 * guardedWrite is the step both webhooks start with: a kind this webhook does
 * not guard, a write to a subresource, or an operation that needs no review, is admitted as it is (the
 * response is returned); a malformed or unknown operation is refused; and a
 * write of a guarded kind comes back with its rules for review.
 */
export function guardedWrite(request: AdmissionRequest): GuardedWrite | AdmissionResponse {
  const rules = rulesFor(request.kind.group, request.kind.kind);
  // The webhook configurations route only guarded kinds here; anything else is not this webhook's business.
  if (!rules) return allowed(request.uid);
  // A status write cannot change what the rules judge, and a patch to it would be dropped: the configurations never route one here.
  if (request.subResource !== undefined) return allowed(request.uid);
  const reviewable = checkOperation(request);
  if (reviewable === 'pass') return allowed(request.uid);
  if (!('object' in reviewable)) return reviewable;
  // Named fields, not a spread, which would copy the object on every review.
  return { operation: reviewable.operation, object: reviewable.object, rules };
}
