/**
 * The only builders of AdmissionResponses: handlers never write response
 * literals. Each mirrors a builder in controller-runtime's
 * pkg/webhook/admission/response.go.
 */
import { invalidMessage } from '../validation/apimachinery-wording.js';
import { type FieldError, aggregateMessage, errorBody } from '../validation/field-error.js';
import type { AdmissionResponse, JsonPatchOperation } from './review.js';

/** allowed admits the request unchanged. */
export function allowed(uid: string, warnings: readonly string[] = []): AdmissionResponse {
  return withWarnings({ uid, allowed: true }, warnings);
}

/**
 * patched admits the request with a JSON Patch; an empty patch is no patch
 * at all, since the API server treats any patch as a change.
 */
export function patched(uid: string, operations: readonly JsonPatchOperation[], warnings: readonly string[] = []): AdmissionResponse {
  if (operations.length === 0) return allowed(uid, warnings);
  return withWarnings(
    {
      uid,
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
    },
    warnings,
  );
}

/**
 * invalid denies the request as apimachinery's errors.NewInvalid does: 422,
 * reason Invalid, one cause per field, and the message kubectl prints.
 */
export function invalid(
  uid: string,
  target: { group: string; kind: string; name: string },
  errors: readonly FieldError[],
  warnings: readonly string[] = [],
): AdmissionResponse {
  const qualifiedKind = target.group ? `${target.kind}.${target.group}` : target.kind;
  return withWarnings(
    {
      uid,
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: invalidMessage(qualifiedKind, target.name, aggregateMessage(errors)),
        details: {
          name: target.name,
          group: target.group,
          kind: target.kind,
          causes: errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
        },
      },
    },
    warnings,
  );
}

/** denied refuses the request with a code and reason of its own, such as 400 BadRequest. */
export function denied(uid: string, code: number, reason: string, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { status: 'Failure', code, reason, message } };
}

/** errored refuses the request because the webhook itself failed; the message never carries a stack. */
export function errored(uid: string, message: string): AdmissionResponse {
  return denied(uid, 500, 'InternalError', message);
}

/** withWarnings adds admission warnings (kubectl prints each as "Warning: ..."), if there are any. */
export function withWarnings(response: AdmissionResponse, warnings: readonly string[]): AdmissionResponse {
  if (warnings.length > 0) response.warnings = [...warnings];
  return response;
}
