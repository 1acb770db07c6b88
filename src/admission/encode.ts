/**
 * Serialisers for everything the admission endpoints send: an AdmissionReview
 * in the version asked, or a metav1.Status when no uid is known to answer to.
 */
import type { AdmissionApiVersion, AdmissionResponse } from './review.js';

/** encodeReview serialises response in an AdmissionReview of apiVersion. */
export function encodeReview(apiVersion: AdmissionApiVersion, response: AdmissionResponse): string {
  return JSON.stringify({ apiVersion, kind: 'AdmissionReview', response });
}

/** encodeStatus serialises a failure as a metav1.Status, as the API server words its own. */
export function encodeStatus(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

/** STATUS_REASONS maps HTTP codes to metav1.StatusReason values. */
export const STATUS_REASONS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
