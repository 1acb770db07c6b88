/**
 * DeferredObservations hands review durations to prom-client histogram
 * children in batches rather than one per request: a duration waits in a
 * fixed-size queue until OBSERVATION_BATCH are waiting, or until the
 * histogram is collected (every scrape flushes it from the histogram's
 * collect()), and then each goes to its child's own observe(), in order. A
 * scrape therefore shows exactly what observing each duration at once would.
 *
 * Why: one observe() per request runs on data the rest of the request has
 * pushed out of the CPU's caches, and costs far more than the same observe()
 * calls made back to back (measured in docs/performance.md).
 */
import type { Histogram } from 'prom-client';

/**
 * OBSERVATION_BATCH is how many durations wait at most: enough that the
 * batch's cost is spread thin, few enough that observing them is a pause of
 * well under a millisecond, and a fixed 3 KiB of memory.
 */
export const OBSERVATION_BATCH = 256;

/** DeferredObservations queues durations for histogram children and observes them in batches. */
export class DeferredObservations<T extends string> {
  private readonly children: Array<Histogram.Internal<T> | undefined>;
  private readonly values: Float64Array;
  private size = 0;

  constructor(private readonly capacity = OBSERVATION_BATCH) {
    this.children = new Array<Histogram.Internal<T> | undefined>(capacity).fill(undefined);
    this.values = new Float64Array(capacity);
  }

  /** pending is how many durations wait to be observed. */
  get pending(): number {
    return this.size;
  }

  /** observe queues value for child, and observes the whole queue once it is full. */
  observe(child: Histogram.Internal<T>, value: number): void {
    this.children[this.size] = child;
    this.values[this.size] = value;
    if (++this.size === this.capacity) this.flush();
  }

  /** flush observes every queued duration, in the order queued, and empties the queue. */
  flush(): void {
    const size = this.size;
    // Emptied first: should an observe throw, the next flush does not repeat the ones before it.
    this.size = 0;
    for (let i = 0; i < size; i++) this.children[i]!.observe(this.values[i]!);
  }
}
