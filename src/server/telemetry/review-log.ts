/**
 * ReviewLog is the audit trail of the admission endpoints: an AdmissionObserver
 * that writes one log line per answered review and one warning per request
 * that could not be reviewed.
 *
 * What reaches the default level (info) is what a person acts on: a denial,
 * an admission with warnings, a failure of the webhook itself (error), a bad
 * request (warn). A plain admission, by far the most frequent line, is
 * logged at debug, as Gatekeeper (`--log-denies`) and controller-runtime do.
 *
 * A line names the object and the decision, never the object itself: no
 * `object`, no `oldObject`, so no Secret data or anything else a cluster
 * keeps in its objects ever reaches the logs, whatever the webhook is sent.
 * The denial message is included; it quotes only the offending field values
 * of the guarded Skupper kind, as `kubectl` shows them to the user anyway.
 */
import type { Level, Logger } from 'pino';
import { errorMessage } from '../../core/error-message.js';
import { isPlainObject, objectName } from '../../core/object.js';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from './admission-observer.js';

/** MAX_MESSAGE_CHARS bounds a logged message: a denial listing many fields must not make a line of megabytes. */
export const MAX_MESSAGE_CHARS = 4096;

/** MAX_IDENTIFIER_CHARS bounds uid, kind, namespace, name and operation in a line: real ones are far shorter (a name at most 253), and a hostile 1 MiB uid must not become a 1 MiB log line. */
export const MAX_IDENTIFIER_CHARS = 256;

/** REVIEW_MESSAGE and MALFORMED_MESSAGE are the lines' `msg`, stable for log queries. */
export const REVIEW_MESSAGE = 'admission review';
export const MALFORMED_MESSAGE = 'malformed admission request';

function bounded(message: string, limit = MAX_MESSAGE_CHARS): string {
  return message.length > limit ? `${message.slice(0, limit)}…` : message;
}

function identifier(value: string | undefined): string | undefined {
  return value === undefined ? undefined : bounded(value, MAX_IDENTIFIER_CHARS);
}

/** milliseconds is seconds in milliseconds, to the microsecond, which is as fine as the timing means anything. */
function milliseconds(seconds: number): number {
  return Number.isFinite(seconds) ? Math.round(seconds * 1e6) / 1e3 : 0;
}

/** reviewLevel is the level of a review's line: error when the webhook failed, info when a person may act on it, else debug. */
export function reviewLevel(record: ReviewRecord): Level {
  if (record.error !== undefined) return 'error';
  if (!record.response.allowed || (record.response.warnings?.length ?? 0) > 0) return 'info';
  return 'debug';
}

/** ReviewLog logs every admission request's outcome. */
export class ReviewLog implements AdmissionObserver {
  constructor(private readonly logger: Logger) {}

  /** started logs nothing. */
  started(): void {}

  /** finished logs nothing. */
  finished(): void {}

  /** reviewed logs one line at reviewLevel. */
  reviewed(record: ReviewRecord): void {
    const level = reviewLevel(record);
    if (!this.logger.isLevelEnabled(level)) return;
    const { request, response } = record;
    const name = isPlainObject(request.object) ? objectName(request.object, request) : request.name;
    this.logger[level](
      {
        webhook: record.webhook,
        uid: identifier(request.uid),
        kind: identifier(request.kind.kind),
        namespace: identifier(request.namespace),
        name: identifier(name),
        operation: identifier(request.operation),
        dry_run: request.dryRun === true,
        allowed: response.allowed,
        code: response.status?.code ?? record.httpStatus,
        duration_ms: milliseconds(record.durationSeconds),
        warnings: response.warnings?.length ?? 0,
        patched: response.patch === undefined ? undefined : true,
        message: !response.allowed && response.status?.message !== undefined ? bounded(response.status.message) : undefined,
        error: record.error === undefined ? undefined : bounded(errorMessage(record.error)),
      },
      REVIEW_MESSAGE,
    );
  }

  /** malformed logs a warning with the reason. */
  malformed(record: MalformedRecord): void {
    this.logger.warn(
      {
        webhook: record.webhook,
        reason: record.reason,
        code: record.httpStatus,
        uid: identifier(record.uid),
        duration_ms: milliseconds(record.durationSeconds),
        message: bounded(record.message),
      },
      MALFORMED_MESSAGE,
    );
  }
}
