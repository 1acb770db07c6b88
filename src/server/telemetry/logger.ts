/**
 * createLogger returns the process's pino logger: one JSON object per line
 * on stdout, for log pipelines, or pino-pretty's colour lines for a human.
 *
 * JSON lines go through pino.destination (sonic-boom) in its asynchronous
 * mode: a log call appends to a buffer and never waits for the log
 * collector. The buffer is bounded (maxLength), so a collector that stops
 * reading costs log lines, which are dropped and reported, never the pod's
 * memory. pino writes what is buffered synchronously when the process
 * exits; createLogger bounds that final write in time. Pretty lines are
 * formatted in pino's transport worker thread, which pino also flushes on
 * exit.
 */
import { pino, type Logger, type LoggerOptions as PinoOptions } from 'pino';

/**
 * LOG_BUFFER_MAX_BYTES bounds the lines waiting for stdout. When nobody
 * reads stdout (a stalled log collector), an unbounded buffer grows with
 * every line until the pod is OOM-killed, and with failurePolicy Fail every
 * guarded write then fails; past this bound lines are dropped, and counted.
 */
export const LOG_BUFFER_MAX_BYTES = 4 * 1024 * 1024;

/**
 * LOG_MIN_WRITE_BYTES is how much gathers before a write to stdout: one
 * system call per few dozen lines rather than per line, under sonic-boom's
 * 16 KiB ceiling for a single write.
 */
export const LOG_MIN_WRITE_BYTES = 4 * 1024;

/** LOG_FLUSH_INTERVAL_MS bounds how long a line waits for LOG_MIN_WRITE_BYTES to gather, on a quiet server. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/**
 * EXIT_FLUSH_TIMEOUT_MS bounds the final write at exit: with a stalled log
 * collector it would otherwise retry forever, and the pod would hang in
 * Terminating until the kubelet kills it.
 */
export const EXIT_FLUSH_TIMEOUT_MS = 1_000;

/** LoggerOptions choose the level and the format. */
export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** destination replaces stdout (tests capture lines with it). */
  destination?: NodeJS.WritableStream;
  /** onDrop is told how many lines were dropped because the stdout buffer was full. */
  onDrop?: (lines: number) => void;
  /** maxBufferBytes overrides LOG_BUFFER_MAX_BYTES (tests). */
  maxBufferBytes?: number;
}

/** linesIn counts the lines in dropped data: pino writes one line per write, newline included. */
function linesIn(data: string | Buffer): number {
  let lines = 0;
  for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) lines++;
  return Math.max(lines, 1);
}

/** stdoutDestination is pino's asynchronous destination on stdout, bounded in memory and, at exit, in time. */
function stdoutDestination(options: LoggerOptions): ReturnType<typeof pino.destination> {
  let exitDeadline = Number.POSITIVE_INFINITY;
  // No `dest`: pino's default, process.stdout's descriptor, which Node makes non-blocking for a pipe, so
  // that a full pipe answers EAGAIN (retried below) instead of blocking a thread, or the exit, indefinitely.
  const destination = pino.destination({
    sync: false,
    minLength: LOG_MIN_WRITE_BYTES,
    maxLength: options.maxBufferBytes ?? LOG_BUFFER_MAX_BYTES,
    periodicFlush: LOG_FLUSH_INTERVAL_MS,
    retryEAGAIN: () => Date.now() < exitDeadline,
  });
  destination.on('drop', (data: string | Buffer) => options.onDrop?.(linesIn(data)));
  // A write that failed is tried again with the next; the webhook must not stop answering because of its log.
  destination.on('error', () => {});
  // Ahead of pino's own exit listener, whatever was registered before: the same final write, with a deadline.
  process.prependListener('exit', () => {
    exitDeadline = Date.now() + EXIT_FLUSH_TIMEOUT_MS;
    try {
      destination.flushSync();
    } catch {
      // The deadline passed with stdout still full: what is left cannot be written. Destroyed, pino skips its flush.
      destination.destroy();
    }
  });
  return destination;
}

/** createLogger builds the logger. */
export function createLogger(options: LoggerOptions): Logger {
  // No base fields (pid, hostname): the pod's log collector adds where a line came from.
  const base: PinoOptions = { level: options.level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  // Level names ("info"), not pino's numbers, so that a log pipeline needs no mapping.
  const json: PinoOptions = { ...base, formatters: { level: (label) => ({ level: label }) } };
  return pino(json, options.destination ?? stdoutDestination(options));
}
