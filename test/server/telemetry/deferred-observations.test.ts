import { expect } from 'chai';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { DeferredObservations, OBSERVATION_BATCH } from '../../../src/server/telemetry/deferred-observations.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];

/** histogram is a fresh prom-client histogram with one label, in a registry of its own. */
function histogram(): Histogram<'series'> {
  return new Histogram({ name: 'test_seconds', help: 'test', labelNames: ['series'], buckets: BUCKETS, registers: [new Registry()] });
}

/** exported is what a scrape of h would show: every sample, with its labels and value. */
async function exported(h: Histogram<'series'>): Promise<unknown[]> {
  return (await h.get()).values.map(({ labels, value, metricName }) => ({ metricName, labels, value }));
}

describe('DeferredObservations', () => {
  it('holds durations back until flushed, then observes each in its own child', async () => {
    const deferred = histogram();
    const direct = histogram();
    const queue = new DeferredObservations<'series'>(8);
    const observations: Array<[string, number]> = [['a', 0.0005], ['b', 0.05], ['a', 2], ['a', 0.005]];
    for (const [series, value] of observations) {
      queue.observe(deferred.labels({ series }), value);
      direct.labels({ series }).observe(value);
    }
    expect(queue.pending).to.equal(4);
    expect(await exported(deferred)).to.deep.equal([]);

    queue.flush();
    expect(queue.pending).to.equal(0);
    expect(await exported(deferred)).to.deep.equal(await exported(direct));
  });

  it('observes the whole queue as soon as it is full, without a flush', async () => {
    const h = histogram();
    const queue = new DeferredObservations<'series'>(3);
    const child = h.labels({ series: 'a' });
    for (let i = 0; i < 3; i++) queue.observe(child, 0.01);
    expect(queue.pending).to.equal(0);
    queue.observe(child, 0.01);
    expect(queue.pending).to.equal(1);
    const count = (await h.get()).values.find((v) => v.metricName === 'test_seconds_count');
    expect(count?.value).to.equal(3);
  });

  it('holds OBSERVATION_BATCH durations by default', () => {
    const child = histogram().labels({ series: 'a' });
    const queue = new DeferredObservations<'series'>();
    for (let i = 1; i < OBSERVATION_BATCH; i++) queue.observe(child, 0.01);
    expect(queue.pending).to.equal(OBSERVATION_BATCH - 1);
    queue.observe(child, 0.01);
    expect(queue.pending).to.equal(0);
  });

  it('does not observe a duration twice when a flush is interrupted', async () => {
    const h = histogram();
    const queue = new DeferredObservations<'series'>(8);
    const child = h.labels({ series: 'a' });
    queue.observe(child, 0.01);
    // prom-client refuses a value that is not a finite number.
    queue.observe(child, Number.NaN);
    expect(() => queue.flush()).to.throw(TypeError, /not a valid number/);
    expect(queue.pending).to.equal(0);
    queue.flush();
    const count = (await h.get()).values.find((v) => v.metricName === 'test_seconds_count');
    expect(count?.value).to.equal(1);
  });

  it('shows after a flush exactly what observing at once shows, for any durations and batch size', async () => {
    const observation = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.double({ min: 0, max: 3, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), fc.array(observation, { maxLength: 60 }), async (capacity, observations) => {
        const deferred = histogram();
        const direct = histogram();
        const queue = new DeferredObservations<'series'>(capacity);
        for (const [series, value] of observations) {
          queue.observe(deferred.labels({ series }), value);
          direct.labels({ series }).observe(value);
        }
        queue.flush();
        expect(await exported(deferred)).to.deep.equal(await exported(direct));
      }),
      { numRuns: 200 },
    );
  });
});
