/**
 * The metav1.Status answers of the stand-in API server, built as
 * apimachinery's errors package builds them (NewInvalid, NewNotFound,
 * NewAlreadyExists, NewBadRequest, ...), and the wrapping of a webhook's
 * denial, as the API server's webhook plugin wraps it (apiserver
 * pkg/admission/plugin/webhook/errors, ToStatusErr): the webhook's Status is
 * kept whole (code, reason, details and causes) and only its message gets the
 * `admission webhook "<name>" denied the request: ` prefix.
 */
import { type FieldError, errorBody, errorString } from './field-errors.js';

/** Status is a metav1.Status as it goes on the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  /** reason is left out when a webhook's denial gives none, as Go's omitempty leaves it out. */
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason: string; message: string; field: string }> };
  code: number;
}

/** StatusError carries a Status to the HTTP layer, which answers with it and its code. */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  constructor(readonly status: Status) {
    super(status.message);
  }
}

/** GroupResource names what a NotFound or AlreadyExists is about, as "listeners.skupper.io". */
export interface GroupResource {
  group: string;
  plural: string;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code });
}

function qualified(resource: GroupResource): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

/** invalidError is errors.NewInvalid: 422 with one cause per field error; the message aggregates them, duplicates once. */
export function invalidError(target: { group: string; kind: string; name: string }, errors: readonly FieldError[]): StatusError {
  const messages = [...new Set(errors.map(errorString))];
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const causes = errors.map((e) => ({ reason: e.type.reason, message: errorBody(e), field: e.field }));
  const qualifiedKind = target.group ? `${target.kind}.${target.group}` : target.kind;
  return failure(422, 'Invalid', `${qualifiedKind} ${JSON.stringify(target.name)} is invalid: ${aggregate}`, {
    name: target.name,
    group: target.group,
    kind: target.kind,
    causes,
  });
}

/** notFoundError is errors.NewNotFound. */
export function notFoundError(resource: GroupResource, name: string): StatusError {
  return failure(404, 'NotFound', `${qualified(resource)} ${JSON.stringify(name)} not found`, { name, group: resource.group, kind: resource.plural });
}

/** pathNotFoundError is the API server's 404 for a path it does not serve (errors.NewGenericServerResponse with code 404). */
export function pathNotFoundError(): StatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

/** alreadyExistsError is errors.NewAlreadyExists. */
export function alreadyExistsError(resource: GroupResource, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualified(resource)} ${JSON.stringify(name)} already exists`, { name, group: resource.group, kind: resource.plural });
}

/** badRequestError is errors.NewBadRequest. */
export function badRequestError(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** methodNotAllowedError is what the stand-in answers for a verb it does not serve. */
export function methodNotAllowedError(method: string): StatusError {
  return failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
}

/** unsupportedMediaTypeError refuses a patch type the stand-in does not apply (it applies JSON merge patches only). */
export function unsupportedMediaTypeError(): StatusError {
  return failure(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/merge-patch+json');
}

/** internalError is errors.NewInternalError. */
export function internalError(message: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message, field: '' }] });
}

/** WebhookStatus is the status an AdmissionResponse carries. */
export type WebhookStatus = Partial<Omit<Status, 'kind' | 'apiVersion' | 'metadata'>> & { status?: string };

/**
 * webhookDenialError is ToStatusErr: a code below 400 becomes 400, a status
 * other than Failure becomes Failure, and the message is prefixed with the
 * webhook's name (or says the webhook gave no explanation).
 */
export function webhookDenialError(webhookName: string, status: WebhookStatus | undefined): StatusError {
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const result = { ...status };
  const code = result.code === undefined || result.code < 400 ? 400 : result.code;
  let message: string;
  if (result.message) message = `${deniedBy}: ${result.message}`;
  else if (result.reason) message = `${deniedBy}: ${result.reason}`;
  else message = `${deniedBy} without explanation`;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(result.reason && { reason: result.reason }),
    ...(result.details && { details: result.details }),
    code,
  });
}
