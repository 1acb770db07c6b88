/**
 * AdmissionObserver is how metrics and logs see the admission endpoints
 * without the endpoints knowing about either. Every method must be cheap and
 * must not throw: it runs on the request path.
 */
import type { MalformedReason } from '../../admission/request-error.js';
import type { AdmissionRequest, AdmissionResponse } from '../../core/review.js';
import type { WebhookName } from '../../admission/webhooks.js';

/** ReviewRecord is one answered AdmissionReview. */
export interface ReviewRecord {
  webhook: WebhookName;
  request: AdmissionRequest;
  response: AdmissionResponse;
  /** httpStatus is 200, or 500 when the decision threw (error is then set). */
  httpStatus: number;
  durationSeconds: number;
  error?: unknown;
}

/** MalformedRecord is one request that could not be reviewed. */
export interface MalformedRecord {
  webhook: WebhookName;
  reason: MalformedReason;
  httpStatus: number;
  message: string;
  uid?: string;
  durationSeconds: number;
}

/** AdmissionObserver receives every admission request's outcome. */
export interface AdmissionObserver {
  /** started is called when a request arrives on an admission path. */
  started(webhook: WebhookName): void;
  /** finished is called exactly once per started request, however it ended. */
  finished(webhook: WebhookName): void;
  reviewed(record: ReviewRecord): void;
  malformed(record: MalformedRecord): void;
}

/** NOOP_OBSERVER observes nothing. */
export const NOOP_OBSERVER: AdmissionObserver = {
  started() {},
  finished() {},
  reviewed() {},
  malformed() {},
};

/**
 * combineObservers calls each observer in turn, in plain loops: an arrow per
 * call would allocate three times a request.
 */
export function combineObservers(...observers: AdmissionObserver[]): AdmissionObserver {
  return {
    started(webhook) {
      for (const observer of observers) observer.started(webhook);
    },
    finished(webhook) {
      for (const observer of observers) observer.finished(webhook);
    },
    reviewed(record) {
      for (const observer of observers) observer.reviewed(record);
    },
    malformed(record) {
      for (const observer of observers) observer.malformed(record);
    },
  };
}
