/**
 * ReviewLog is the audit trail of the admission endpoints: an AdmissionObserver
 * that writes one log line per answered review and one warning per request
 * that could not be reviewed.
 *
 * A line names the object and the decision, never the object itself: no
 * `object`, no `oldObject`, so no Secret data or anything else a cluster
 * keeps in its objects ever reaches the logs, whatever the webhook is sent.
 * The denial message is included; it quotes only the offending field values
 * of the guarded Skupper kind, as `kubectl` shows them to the user anyway.
 *
 * Reviews log at info: an admission webhook's decisions are worth an audit
 * trail by default, and written with logRecord and batched to stdout a line
 * costs a few microseconds (see README, Performance). `--log-level warn`
 * turns them off.
 */
import type { Logger } from 'pino';
import { logRecord } from './logger.js';
import { errorMessage } from '../cli/cli-error.js';
import { isPlainObject, objectName } from '../admission/object.js';
import type { WebhookName } from '../admission/webhooks.js';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from './admission-observer.js';

/** MAX_MESSAGE_CHARS bounds a logged message: a denial listing many fields must not make a line of megabytes. */
export const MAX_MESSAGE_CHARS = 4096;

/** REVIEW_MESSAGE and MALFORMED_MESSAGE are the lines' `msg`, stable for log queries. */
export const REVIEW_MESSAGE = 'admission review';
export const MALFORMED_MESSAGE = 'malformed admission request';

/** MAX_IDENTIFIER_CHARS bounds uid, kind, namespace, name and operation in a line: real ones are far shorter (a name at most 253), and a hostile 1 MiB uid must not become a 1 MiB log line. */
export const MAX_IDENTIFIER_CHARS = 256;

function bounded(message: string, limit = MAX_MESSAGE_CHARS): string {
  return message.length > limit ? `${message.slice(0, limit)}…` : message;
}

function identifier(value: string | undefined): string | undefined {
  return value === undefined ? undefined : bounded(value, MAX_IDENTIFIER_CHARS);
}

function milliseconds(seconds: number): number {
  // Three decimals: microseconds, which is as fine as the timing is meaningful.
  return Math.round(seconds * 1e6) / 1e3;
}

/** ReviewLog logs every admission request's outcome. */
export class ReviewLog implements AdmissionObserver {
  constructor(private readonly logger: Logger) {}

  /** started logs nothing. */
  started(_webhook: WebhookName): void {}

  /** finished logs nothing. */
  finished(_webhook: WebhookName): void {}

  /** reviewed logs one line: info for a decision, error when the decision threw. */
  reviewed(record: ReviewRecord): void {
    const level = record.error === undefined ? 'info' : 'error';
    if (!this.logger.isLevelEnabled(level)) return;
    const { request, response } = record;
    const line: Record<string, unknown> = {
      webhook: record.webhook,
      uid: identifier(request.uid),
      kind: identifier(request.kind.kind),
      namespace: identifier(request.namespace),
      name: identifier(isPlainObject(request.object) ? objectName(request.object, request) : request.name),
      operation: identifier(request.operation),
      dry_run: request.dryRun === true,
      allowed: response.allowed,
      code: response.status?.code ?? record.httpStatus,
      duration_ms: milliseconds(record.durationSeconds),
      warnings: response.warnings?.length ?? 0,
    };
    if (response.patch !== undefined) line['patched'] = true;
    if (!response.allowed && response.status?.message !== undefined) line['message'] = bounded(response.status.message);
    if (record.error !== undefined) line['error'] = bounded(errorMessage(record.error));
    logRecord(this.logger, level, line, REVIEW_MESSAGE);
  }

  /** malformed logs a warning with the reason. */
  malformed(record: MalformedRecord): void {
    logRecord(
      this.logger,
      'warn',
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
