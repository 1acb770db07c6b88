/**
 * Serialisers for everything the admission endpoints send: an AdmissionReview
 * in the version asked, or a metav1.Status when no uid is known to answer to.
 */
import { ADMISSION_API_VERSIONS, type AdmissionApiVersion, type AdmissionResponse } from '../core/review.js';

/**
 * REVIEW_OPENINGS is each version's AdmissionReview up to its response, as
 * JSON.stringify writes it, so that an answer serialises only the response.
 */
const REVIEW_OPENINGS = new Map<string, string>(
  ADMISSION_API_VERSIONS.map((apiVersion) => [apiVersion, JSON.stringify({ apiVersion, kind: 'AdmissionReview', response: null }).slice(0, -'null}'.length)]),
);

/** encodeReview serialises response in an AdmissionReview of apiVersion: the text of JSON.stringify({ apiVersion, kind, response }). */
export function encodeReview(apiVersion: AdmissionApiVersion, response: AdmissionResponse): string {
  const opening = REVIEW_OPENINGS.get(apiVersion);
  if (opening === undefined) return JSON.stringify({ apiVersion, kind: 'AdmissionReview', response });
  return `${opening}${JSON.stringify(response)}}`;
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
  408: 'Timeout',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  431: 'BadRequest',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
