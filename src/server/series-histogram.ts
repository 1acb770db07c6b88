/**
 * SeriesHistogram is a Prometheus histogram whose label sets are resolved
 * once: the request path holds a HistogramSeries and observing is a bucket
 * search and three additions. prom-client's Histogram hashes the label object
 * on every observe (about 2 µs here; its open issue #38 asks for prebound
 * children), which is most of what metrics cost a review. The registry reads
 * this one through the same get() contract as its own metrics, and
 * test/server/series-histogram.test.ts holds the exposition byte-equal to a
 * prom-client Histogram fed the same observations.
 */
import type { Metric, Registry } from 'prom-client';

/** ExposedValue is one sample as prom-client's registry reads it: its own labels first, then the series' (sharedLabels). */
interface ExposedValue {
  labels: Record<string, string | number>;
  sharedLabels: Readonly<Record<string, string>>;
  value: number;
  metricName: string;
  /** exemplar is always absent here; prom-client's own samples carry the key (null on buckets). */
  exemplar: null | undefined;
}

/** ExposedHistogram is what get() returns, in the shape of prom-client's own Histogram.get(). */
interface ExposedHistogram {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: ExposedValue[];
}

/** HistogramSeries is one label set's counts: per bucket (not cumulative), then the sum and count. */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/** SeriesHistogramOptions name and shape the histogram. */
export interface SeriesHistogramOptions {
  name: string;
  help: string;
  buckets: readonly number[];
  registry: Registry;
}

/** SeriesHistogram holds its series and exposes them to a prom-client registry. */
export class SeriesHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly buckets: readonly number[];
  private readonly all: HistogramSeries[] = [];

  constructor(options: SeriesHistogramOptions) {
    this.name = options.name;
    this.help = options.help;
    this.buckets = [...options.buckets].sort((a, b) => a - b);
    options.registry.registerMetric(this as unknown as Metric);
  }

  /** series adds a label set; keep the result and observe into it. */
  series(labels: Record<string, string>): HistogramSeries {
    const series: HistogramSeries = { labels: { ...labels }, counts: new Float64Array(this.buckets.length), sum: 0, count: 0 };
    this.all.push(series);
    return series;
  }

  /** observe records value in series. */
  observe(series: HistogramSeries, value: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && value > buckets[i]!) i++;
    if (i < buckets.length) series.counts[i]!++;
    series.sum += value;
    series.count++;
  }

  /** get is the histogram as prom-client's getMetricsAsJSON gives its own: each sample's labels merged. */
  async get(): Promise<Omit<ExposedHistogram, 'values'> & { values: Array<Omit<ExposedValue, 'sharedLabels'>> }> {
    const exposed = await this.getForPromString();
    return { ...exposed, values: exposed.values.map(({ sharedLabels, ...v }) => ({ ...v, labels: { ...v.labels, ...sharedLabels } })) };
  }

  /** getForPromString is what the registry's text exposition reads: cumulative buckets, +Inf, sum and count per series. */
  async getForPromString(): Promise<ExposedHistogram> {
    const values: ExposedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const series of this.all) {
      const sharedLabels = series.labels;
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += series.counts[i]!;
        values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucket, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels, value: series.count, metricName: bucket, exemplar: null });
      values.push({ labels: {}, sharedLabels, value: series.sum, metricName: `${this.name}_sum`, exemplar: undefined });
      values.push({ labels: {}, sharedLabels, value: series.count, metricName: `${this.name}_count`, exemplar: undefined });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** reset zeroes every series (the registry's resetMetrics). */
  reset(): void {
    for (const series of this.all) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}
