/**
 * createLogger returns the process's pino logger: one JSON object per line
 * (for log pipelines), or pino-pretty's colour lines for a human at a TTY.
 */
import { pino, type Logger } from 'pino';

/** LoggerOptions choose the level and the format. */
export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** destination defaults to stdout (fd 1). */
  destination?: NodeJS.WritableStream;
}

/** createLogger builds the logger. */
export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { name: 'skupper-webhook' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (options.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } });
  }
  return options.destination ? pino(base, options.destination) : pino(base, pino.destination({ fd: 1, sync: false }));
}
