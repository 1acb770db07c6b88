/**
 * RequestError is "the request failed", as opposed to "the object was
 * rejected": the AdmissionReview itself could not be read. It carries the HTTP
 * status to answer with, a short reason label (also a metric label), and the
 * uid and version when they were read before the failure, so that the answer
 * can still be an AdmissionReview.
 */
import type { AdmissionApiVersion } from '../core/review.js';

/** MalformedReason labels why a request could not be reviewed. */
export type MalformedReason =
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'invalid_json'
  | 'too_deeply_nested'
  | 'too_many_values'
  | 'not_admission_review'
  | 'unsupported_version'
  | 'missing_request'
  | 'missing_uid'
  | 'invalid_request'
  | 'aborted'
  | 'request_timeout'
  | 'invalid_http';

/** RequestError is a request this webhook cannot review. */
export class RequestError extends Error {
  override readonly name = 'RequestError';

  constructor(
    readonly statusCode: number,
    readonly reason: MalformedReason,
    message: string,
    readonly known: { uid?: string; apiVersion?: AdmissionApiVersion } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** isRequestError reports whether e is a RequestError. */
export function isRequestError(e: unknown): e is RequestError {
  return e instanceof RequestError;
}
