import type { Summary } from '../check/summary.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * exitCodeFor is USAGE when any input could not be read (the check is
 * incomplete, which matters more than a denial), else DENIED when anything
 * was denied, else OK. Warnings never fail a run, as they never fail an apply.
 */
export function exitCodeFor(summary: Summary): ExitCodeValue {
  if (summary.unreadable > 0) return ExitCode.USAGE;
  if (summary.denied > 0) return ExitCode.DENIED;
  return ExitCode.OK;
}
