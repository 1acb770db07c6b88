/**
 * createLogger returns the process's pino logger: one JSON object per line
 * (for log pipelines), or pino-pretty's colour lines for a human at a TTY.
 *
 * JSON goes to stdout in batches: LogWriter gathers lines (LOG_BATCH_BYTES,
 * or LOG_FLUSH_INTERVAL_MS at the latest) and writes each with one
 * non-blocking write, so a log call on the request path costs a
 * serialisation and an array push, never a wait for the log collector.
 * Queued lines are not lost when the process ends: an `exit` handler writes
 * them synchronously, in order, which is how shutdown.ts leaves. Pretty output runs in
 * pino's transport worker thread, which pino flushes on exit the same way.
 *
 * logRecord is the fast way to write a line whose fields are plain JSON, and
 * lineWriter the way to write many lines whose fields are already JSON, as
 * the per-review lines are (README, Performance).
 */
import fs from 'node:fs';
import { pino, type Level, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import { LogWriter } from './log-writer.js';

/**
 * LOG_QUEUE_MAX_BYTES bounds the lines queued for stdout. When nobody reads
 * stdout (a stalled log collector), an unbounded queue grows by megabytes a
 * second under load until the pod is OOM-killed, and with failurePolicy Fail
 * every guarded write then fails; past this bound lines are dropped, and
 * counted, instead.
 */
export const LOG_QUEUE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * LOG_BATCH_BYTES is how much the logger gathers before one write to stdout
 * (counted in characters, which are bytes for the ASCII lines it writes):
 * about 100 review lines, so that a write costs a fraction of a microsecond
 * a line, and half of Linux's default 64 KiB pipe, so that a batch usually
 * fits whole into a pipe the reader has only partly drained.
 */
export const LOG_BATCH_BYTES = 32 * 1024;

/** LOG_FLUSH_INTERVAL_MS bounds how long a line can wait for a batch to fill, on a quiet server. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/** LoggerOptions choose the level and the format. */
export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** destination replaces stdout (tests capture lines with it); it is written synchronously. */
  destination?: NodeJS.WritableStream;
  /** onDrop is told how many lines were dropped because the stdout queue was full. */
  onDrop?: (lines: number) => void;
  /** maxQueueBytes overrides LOG_QUEUE_MAX_BYTES (tests). */
  maxQueueBytes?: number;
}

let clockMs = Number.NaN;
let clockField = '';
let secondStart = Number.NaN;
let secondPrefix = '';

/**
 * isoTimeField is pino's isoTime timestamp (`,"time":"<ISO 8601>"`). Under
 * load many lines share a millisecond, so the field is kept per millisecond;
 * and a new millisecond only swaps the last digits of the second's text,
 * because `new Date().toISOString()` (a time zone lookup and a formatted
 * print in V8) cost about 1 % of serve's CPU when run every millisecond.
 */
export function isoTimeField(): string {
  const now = Date.now();
  if (now !== clockMs) {
    clockMs = now;
    const ms = ((now % 1000) + 1000) % 1000;
    if (now - ms !== secondStart) {
      secondStart = now - ms;
      // "2026-11-22T08:18:14." from "2026-11-22T08:18:14.000Z"; years outside 0–9999 print longer, and get no prefix.
      const iso = new Date(secondStart).toISOString();
      secondPrefix = iso.length === 24 ? `,"time":"${iso.slice(0, 20)}` : '';
    }
    clockField = secondPrefix === '' ? `,"time":"${new Date(now).toISOString()}"` : `${secondPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
  }
  return clockField;
}

/**
 * nonBlockingStdout makes a pipe or socket on stdout non-blocking, so that
 * LogWriter's writes to it return EAGAIN instead of waiting when the reader
 * (the log collector) falls behind. Opening process.stdout does it: libuv
 * sets O_NONBLOCK on a pipe or socket it opens, and Node offers no other way.
 * A file or terminal is left as it is; writing to one does not wait for a
 * reader. test/server/logger.test.ts holds it with a stdout nobody reads.
 */
function nonBlockingStdout(): void {
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(1);
  } catch {
    return;
  }
  if (stat.isFIFO() || stat.isSocket()) void process.stdout;
}

/** createLogger builds the logger. */
export function createLogger(options: LoggerOptions): Logger {
  // No base fields (pid, hostname, name): the pod's log collector adds where a line came from, and
  // `name` is left to the review lines, where it is the object's name.
  const base: PinoOptions = { level: options.level, base: undefined, timestamp: isoTimeField };
  if (options.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  // Level names ("info"), not pino's numbers, so that a log pipeline needs no mapping.
  const json: PinoOptions = { ...base, formatters: { level: (label) => ({ level: label }) } };
  if (options.destination) return pino(json, options.destination);
  nonBlockingStdout();
  const stdout = new LogWriter(1, { batchChars: LOG_BATCH_BYTES, maxQueueBytes: options.maxQueueBytes ?? LOG_QUEUE_MAX_BYTES, onDrop: options.onDrop });
  setInterval(() => stdout.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  process.on('exit', () => stdout.flushSync());
  return pino(json, stdout);
}

/** PinoInternals are the parts of a logger pino exports as `pino.symbols` for integrations. */
type PinoInternals = Record<symbol, unknown> & {
  [pino.symbols.lsCacheSym]: Record<number, string>;
  [pino.symbols.timeSym]: () => string;
  [pino.symbols.chindingsSym]: string;
  [pino.symbols.streamSym]: { write(line: string): unknown };
};

/**
 * logRecord writes what `logger[level](fields, msg)` writes, for fields that
 * are plain JSON (strings, numbers, booleans, null): pino's own level, time
 * and bindings, then the fields in one JSON.stringify instead of pino's
 * serialisation key by key, which costs several microseconds a line under
 * load. test/server/logger.test.ts holds the two outputs equal.
 */
export function logRecord(logger: Logger, level: Level, fields: Record<string, unknown>, msg: string): void {
  if (!logger.isLevelEnabled(level)) return;
  const json = JSON.stringify(fields);
  lineWriter(logger, level, msg)(json.length > 2 ? json.slice(1, -1) : '');
}

/**
 * lineWriter returns a writer of logger's lines at level with msg, for fields
 * already written as JSON members (`"a":1,"b":"x"`, or '' for none): what
 * pino puts around them (level, bindings, message) is resolved once, and
 * each line costs the time field and one concatenation. The per-review lines
 * use it (review-log.ts); the caller checks the level, which may change.
 */
export function lineWriter(logger: Logger, level: Level, msg: string): (members: string) => void {
  const internals = logger as unknown as PinoInternals;
  const opening = internals[pino.symbols.lsCacheSym][logger.levels.values[level]!]!;
  const time = internals[pino.symbols.timeSym];
  const bindings = internals[pino.symbols.chindingsSym];
  const closing = `,"msg":${JSON.stringify(msg)}}\n`;
  const stream = internals[pino.symbols.streamSym];
  return (members) => {
    stream.write(`${opening}${time()}${bindings}${members === '' ? '' : `,${members}`}${closing}`);
  };
}
