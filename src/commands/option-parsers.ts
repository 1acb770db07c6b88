/**
 * Argument parsers shared by the commands: each turns a flag's text into a
 * value or throws commander's InvalidArgumentError, which commander prints as
 * one line and which exits with the usage code.
 */
import { InvalidArgumentError } from 'commander';

/** parsePort accepts 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  }
  return port;
}

/**
 * MAX_TIMER_SECONDS is the longest duration a Node timer holds, 2^31-1 ms (about 24.8 days),
 * in whole seconds. Node runs a longer setTimeout or setInterval after 1 ms with only a
 * warning, so a longer --cert-reload-interval would re-read the files every millisecond.
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** parseSeconds accepts a number of seconds ("5", "0.5") from 0 to MAX_TIMER_SECONDS. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_TIMER_SECONDS) {
    throw new InvalidArgumentError(`must be a number of seconds from 0 to ${MAX_TIMER_SECONDS}`);
  }
  return seconds;
}

/** collect gathers a repeatable flag's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
