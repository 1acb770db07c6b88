/**
 * The only builders of AdmissionResponses: handlers never write response
 * literals. Each mirrors a builder in controller-runtime's
 * pkg/webhook/admission/response.go.
 */
import { invalidMessage } from '../validation/apimachinery-wording.js';
import { type FieldError, aggregateMessage, errorBody } from '../validation/field-error.js';
import { quoted, shortened } from '../validation/shorten.js';
import type { AdmissionResponse, JsonPatchOperation, StatusCause } from '../core/review.js';

/**
 * MAX_CAUSES bounds a denial's causes, and so its message, which repeats
 * them: the API server's own cap on the validation failures it records for a
 * request (maxValidationFailures in k8s.io/apiserver's validating admission
 * policy dispatcher: "50 validation failures is ~10KB"). A body holding
 * 95,000 bad values is denied in a few kilobytes, not tens of megabytes.
 */
export const MAX_CAUSES = 50;

/**
 * MAX_WARNINGS bounds an answer's warnings: the API server passes on 4,096
 * characters of warnings per request and cuts each to 256 characters once
 * past that (k8s.io/apiserver/pkg/endpoints/filters/warning.go), so 16 of
 * them already fill what a client can see.
 */
export const MAX_WARNINGS = 16;

/** moreNotShown is the last cause or warning of a capped list, saying how many were left out. */
export function moreNotShown(count: number, what: 'error' | 'warning'): string {
  return `${count} more ${what}${count === 1 ? '' : 's'} not shown`;
}

/** allowed admits the request unchanged; moreWarnings counts warnings found but not spelled out (see withWarnings). */
export function allowed(uid: string, warnings: readonly string[] = [], moreWarnings = 0): AdmissionResponse {
  return withWarnings({ uid, allowed: true }, warnings, moreWarnings);
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
 * reason Invalid, one cause per field, and the message kubectl prints. Past
 * MAX_CAUSES, the last of MAX_CAUSES causes (and the message's last item)
 * says how many more there were, counting `more.errors` found but never
 * spelled out; a long name is shortened (shorten.ts).
 */
export function invalid(
  uid: string,
  target: { group: string; kind: string; name: string },
  errors: readonly FieldError[],
  warnings: readonly string[] = [],
  more: { errors?: number; warnings?: number } = {},
): AdmissionResponse {
  const qualifiedKind = target.group ? `${target.kind}.${target.group}` : target.kind;
  const total = errors.length + (more.errors ?? 0);
  const shown = total > MAX_CAUSES ? errors.slice(0, MAX_CAUSES - 1) : errors;
  const causes: StatusCause[] = shown.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  let aggregate = aggregateMessage(shown);
  if (shown.length < total) {
    const notShown = moreNotShown(total - shown.length, 'error');
    causes.push({ message: notShown });
    aggregate = `${aggregate.startsWith('[') ? aggregate.slice(0, -1) : `[${aggregate}`}, ${notShown}]`;
  }
  return withWarnings(
    {
      uid,
      allowed: false,
      status: {
        status: 'Failure',
        code: 422,
        reason: 'Invalid',
        message: invalidMessage(qualifiedKind, quoted(target.name), aggregate),
        details: { name: shortened(target.name), group: target.group, kind: target.kind, causes },
      },
    },
    warnings,
    more.warnings,
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

/**
 * withWarnings adds admission warnings (kubectl prints each as "Warning: ..."),
 * if there are any: at most MAX_WARNINGS, the last then saying how many more
 * there were, counting `more` found but never spelled out.
 */
export function withWarnings(response: AdmissionResponse, warnings: readonly string[], more = 0): AdmissionResponse {
  const total = warnings.length + more;
  if (total > MAX_WARNINGS) {
    response.warnings = [...warnings.slice(0, MAX_WARNINGS - 1), moreNotShown(total - Math.min(warnings.length, MAX_WARNINGS - 1), 'warning')];
  } else if (total > 0) response.warnings = [...warnings];
  return response;
}
