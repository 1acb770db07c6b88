/**
 * createLogger returns the process's pino logger: one JSON object per line
 * (for log pipelines), or pino-pretty's colour lines for a human at a TTY.
 *
 * JSON goes to stdout through pino.destination with `sync: false`: a line is
 * queued, batched (LOG_BATCH_BYTES, or LOG_FLUSH_INTERVAL_MS at the latest) and written by the event loop, so a log call on the request path
 * costs a serialisation and a buffer append, never a blocking write. Queued
 * lines are not lost when the process ends: pino registers the destination
 * to be flushed synchronously on `exit` (on-exit-leak-free), which is how
 * shutdown.ts leaves. Pretty output runs in pino's transport worker thread,
 * which pino flushes on exit the same way.
 */
import { pino, type Logger, type LoggerOptions as PinoOptions } from 'pino';

/**
 * LOG_QUEUE_MAX_BYTES bounds the lines queued for stdout. When nobody reads
 * stdout (a stalled log collector), an unbounded queue grows by megabytes a
 * second under load until the pod is OOM-killed, and with failurePolicy Fail
 * every guarded write then fails; past this bound lines are dropped, and
 * counted, instead.
 */
export const LOG_QUEUE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * LOG_BATCH_BYTES is how much the logger gathers before one write to stdout.
 * Each asynchronous write is a round trip through libuv's thread pool; one
 * per review line cost more CPU than the review itself, and batching 8 KiB
 * (about 25 review lines) took serve from 0.72 to 0.81 of the throughput of
 * serve without review lines (bench/ab.js serve-warn serve). sonic-boom
 * refuses more than its 16 KiB maxWrite.
 */
export const LOG_BATCH_BYTES = 8192;

/** LOG_FLUSH_INTERVAL_MS bounds how long a line can wait for a batch to fill, on a quiet server. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/** LoggerOptions choose the level and the format. */
export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** destination replaces stdout (tests capture lines with it); it is written synchronously. */
  destination?: NodeJS.WritableStream;
  /** onDrop is called once per line dropped because the stdout queue was full. */
  onDrop?: () => void;
  /** maxQueueBytes overrides LOG_QUEUE_MAX_BYTES (tests). */
  maxQueueBytes?: number;
}

/** createLogger builds the logger. */
export function createLogger(options: LoggerOptions): Logger {
  // No base fields (pid, hostname, name): the pod's log collector adds where a line came from, and
  // `name` is left to the review lines, where it is the object's name.
  const base: PinoOptions = { level: options.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  // Level names ("info"), not pino's numbers, so that a log pipeline needs no mapping.
  const json: PinoOptions = { ...base, formatters: { level: (label) => ({ level: label }) } };
  if (options.destination) return pino(json, options.destination);
  const stdout = pino.destination({ fd: 1, sync: false, minLength: LOG_BATCH_BYTES, maxLength: options.maxQueueBytes ?? LOG_QUEUE_MAX_BYTES });
  setInterval(() => stdout.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  const onDrop = options.onDrop;
  if (onDrop) stdout.on('drop', () => onDrop());
  return pino(json, stdout);
}
