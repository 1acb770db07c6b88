import { expect } from 'chai';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { SeriesHistogram } from '../../src/server/series-histogram.js';

const BUCKETS = [0.0001, 0.001, 0.01, 0.1, 1];
const LABELS = [
  { webhook: 'validate', kind: 'Listener' },
  { webhook: 'mutate', kind: 'Listener' },
  { webhook: 'validate', kind: 'AttachedConnectorBinding' },
];

/** both returns a SeriesHistogram and a prom-client Histogram of the same name, each in its own registry. */
function both(): { ours: SeriesHistogram; theirs: Histogram<'webhook' | 'kind'>; oursRegistry: Registry; theirsRegistry: Registry } {
  const oursRegistry = new Registry();
  const theirsRegistry = new Registry();
  const ours = new SeriesHistogram({ name: 'duration_seconds', help: 'How long.', buckets: BUCKETS, registry: oursRegistry });
  const theirs = new Histogram({ name: 'duration_seconds', help: 'How long.', labelNames: ['webhook', 'kind'], buckets: BUCKETS, registers: [theirsRegistry] });
  return { ours, theirs, oursRegistry, theirsRegistry };
}

describe('SeriesHistogram', () => {
  it("exposes exactly what prom-client's Histogram exposes for the same observations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: LABELS.length - 1 }), fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constantFrom(...BUCKETS))), { maxLength: 50 }),
        async (observations) => {
          const { ours, theirs, oursRegistry, theirsRegistry } = both();
          const series = new Map<number, ReturnType<SeriesHistogram['series']>>();
          for (const [which, value] of observations) {
            if (!series.has(which)) series.set(which, ours.series(LABELS[which]!));
            ours.observe(series.get(which)!, value);
            theirs.observe(LABELS[which]!, value);
          }
          expect(await oursRegistry.metrics()).to.equal(await theirsRegistry.metrics());
          expect(await oursRegistry.getMetricsAsJSON()).to.deep.equal(await theirsRegistry.getMetricsAsJSON());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('zeroes its series on the registry reset, as prom-client does', async () => {
    const { ours, oursRegistry } = both();
    const series = ours.series(LABELS[0]!);
    ours.observe(series, 0.5);
    oursRegistry.resetMetrics();
    expect(await oursRegistry.metrics()).to.include('duration_seconds_count{webhook="validate",kind="Listener"} 0');
  });
});
