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
 * trail by default, and written with lineWriter and batched to stdout a line
 * costs a microsecond or two (see README, Performance). `--log-level warn`
 * turns them off.
 */
import type { Logger } from 'pino';
import { lineWriter, logRecord } from './logger.js';
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

/**
 * NEEDS_ESCAPE matches what JSON.stringify would escape in a string: a quote,
 * a backslash, a control character, or a surrogate (a lone one is escaped; a
 * pair takes the slow path too, which writes it as it is).
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * member is `,"key":"value"` for a string, or nothing for undefined, which
 * JSON.stringify leaves out too. A value with nothing to escape (a uid, a
 * kind, a DNS name: nearly always) is quoted as it is.
 */
function member(key: string, value: string | undefined): string {
  if (value === undefined) return '';
  return NEEDS_ESCAPE.test(value) ? `,"${key}":${JSON.stringify(value)}` : `,"${key}":"${value}"`;
}

/** milliseconds is seconds in milliseconds, rounded to microseconds; always finite, so its text is its JSON. */
function milliseconds(seconds: number): number {
  if (!Number.isFinite(seconds)) return 0;
  // Three decimals: microseconds, which is as fine as the timing is meaningful.
  return Math.round(seconds * 1e6) / 1e3;
}

/** FRACTIONS[n] is the text after the integer part of a number whose thousandths are n: '' for 0, '.5' for 500, '.125' for 125, as JSON writes them. */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, n) => (n === 0 ? '' : `.${String(n).padStart(3, '0').replace(/0+$/, '')}`));

/** INTEGERS[n] is n's text for the whole milliseconds nearly every review takes (under one second). */
const INTEGERS: readonly string[] = Array.from({ length: 1000 }, (_, n) => String(n));

/**
 * durationText is the JSON text of milliseconds(seconds). Under a second it
 * is put together from the two tables: under load, V8's shortest-decimal
 * conversion of a fresh double on every line showed in `perf` (README,
 * Performance); test/server/review-log.test.ts holds it equal to
 * JSON.stringify for any duration.
 */
export function durationText(seconds: number): string {
  if (!Number.isFinite(seconds)) return '0';
  const micros = Math.round(seconds * 1e6);
  if (!(micros >= 0 && micros < 1e6)) return String(micros / 1e3);
  const whole = Math.floor(micros / 1000);
  return `${INTEGERS[whole]!}${FRACTIONS[micros - whole * 1000]!}`;
}

/** ReviewLog logs every admission request's outcome. */
export class ReviewLog implements AdmissionObserver {
  private readonly infoLine: (members: string) => void;
  private readonly errorLine: (members: string) => void;

  constructor(private readonly logger: Logger) {
    this.infoLine = lineWriter(logger, 'info', REVIEW_MESSAGE);
    this.errorLine = lineWriter(logger, 'error', REVIEW_MESSAGE);
  }

  /** started logs nothing. */
  started(_webhook: WebhookName): void {}

  /** finished logs nothing. */
  finished(_webhook: WebhookName): void {}

  /**
   * reviewed logs one line: info for a decision, error when the decision
   * threw. The members are written here, not as an object for
   * JSON.stringify, which costs twice as much (README, Performance); the
   * line is byte for byte what `logger.info(fields, msg)` writes, as
   * test/server/review-log.test.ts checks.
   */
  reviewed(record: ReviewRecord): void {
    const level = record.error === undefined ? 'info' : 'error';
    if (!this.logger.isLevelEnabled(level)) return;
    const { request, response } = record;
    const name = isPlainObject(request.object) ? objectName(request.object, request) : request.name;
    let members =
      `"webhook":"${record.webhook}"` +
      member('uid', identifier(request.uid)) +
      member('kind', identifier(request.kind.kind)) +
      member('namespace', identifier(request.namespace)) +
      member('name', identifier(name)) +
      member('operation', identifier(request.operation)) +
      `,"dry_run":${request.dryRun === true},"allowed":${response.allowed}` +
      `,"code":${response.status?.code ?? record.httpStatus},"duration_ms":${durationText(record.durationSeconds)}` +
      `,"warnings":${response.warnings?.length ?? 0}`;
    if (response.patch !== undefined) members += ',"patched":true';
    if (!response.allowed && response.status?.message !== undefined) members += member('message', bounded(response.status.message));
    if (record.error !== undefined) members += member('error', bounded(errorMessage(record.error)));
    (record.error === undefined ? this.infoLine : this.errorLine)(members);
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
