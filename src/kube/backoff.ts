/**
 * Backoff spaces out restarts of something that keeps failing: each delay
 * doubles from the first up to a ceiling, with jitter so that many webhook
 * replicas do not hit a recovering API server in step. A success resets it.
 */

/** BackoffOptions bound the delays. */
export interface BackoffOptions {
  /** initialMs is the first delay. */
  initialMs: number;
  /** maxMs is the ceiling the doubling stops at. */
  maxMs: number;
  /** jitter is the fraction of each delay drawn at random (0 for none, 0.2 for up to 20 % less). */
  jitter?: number;
  /** random is the random source, for tests. */
  random?: () => number;
}

/** DEFAULT_JITTER takes up to a fifth off each delay: enough to spread replicas, small enough to keep the schedule recognisable. */
export const DEFAULT_JITTER = 0.2;

/** Backoff hands out successive delays. */
export class Backoff {
  private attempt = 0;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs)) {
      throw new RangeError(`backoff needs 0 < initialMs <= maxMs, got ${options.initialMs} and ${options.maxMs}`);
    }
    this.jitter = options.jitter ?? DEFAULT_JITTER;
    this.random = options.random ?? Math.random;
  }

  /** failures is how many delays have been handed out since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** next returns the delay before the next attempt and moves the schedule on. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  /** reset starts the schedule again from initialMs. */
  reset(): void {
    this.attempt = 0;
  }
}
