/**
 * WebhookMetrics is the Prometheus side of the server: one registry holding
 * every skupper_webhook_* metric (plus Node's default process metrics), and
 * an AdmissionObserver that counts and times every review.
 *
 * Label values are bounded (a kind this webhook does not guard is "other",
 * an unknown operation is "other"), so a hostile or unusual request can never
 * add series.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GroupVersionKind } from '../../core/review.js';
import { WEBHOOK_NAMES, type WebhookName } from '../../admission/webhooks.js';
import { rulesFor } from '../../resources/registry.js';
import type { AdmissionObserver, MalformedRecord, ReviewRecord } from './admission-observer.js';
import { DeferredObservations } from './deferred-observations.js';

/** METRIC_PREFIX starts every metric of ours; Node's default metrics keep their standard names. */
export const METRIC_PREFIX = 'skupper_webhook_';

/**
 * ADMISSION_DURATION_BUCKETS resolve well under a millisecond, where nearly
 * every review lands, and reach 1 s; the API server gives up on a webhook at
 * its timeoutSeconds (5 s here), far beyond where a healthy review ends.
 */
export const ADMISSION_DURATION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** OTHER is the label value for a kind or operation outside the known set, keeping label values bounded. */
export const OTHER = 'other';

/** Outcome is how a review ended: admitted, refused, or failed inside the webhook (HTTP 500). */
export type Outcome = 'allowed' | 'denied' | 'error';

const OPERATION_LABELS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const OUTCOMES: readonly Outcome[] = ['allowed', 'denied', 'error'];
const REVIEW_LABELS = ['webhook', 'kind', 'operation', 'outcome', 'dry_run'] as const;
type ReviewLabel = (typeof REVIEW_LABELS)[number];

/** SERIES_PER_KIND is how many label sets one kind can have: webhook × operation (with other) × outcome × dry_run. */
const SERIES_PER_KIND = WEBHOOK_NAMES.length * (OPERATION_LABELS.length + 1) * OUTCOMES.length * 2;

/** seriesIndex places a label set among its kind's SERIES_PER_KIND. */
function seriesIndex(webhook: WebhookName, operation: string, outcome: Outcome, dryRun: boolean): number {
  const operationIndex = OPERATION_LABELS.indexOf(operation);
  const index = WEBHOOK_NAMES.indexOf(webhook) * (OPERATION_LABELS.length + 1) + (operationIndex === -1 ? OPERATION_LABELS.length : operationIndex);
  return (index * OUTCOMES.length + OUTCOMES.indexOf(outcome)) * 2 + (dryRun ? 1 : 0);
}

/** kindLabel is a guarded kind's name, or "other". */
export function kindLabel(kind: GroupVersionKind): string {
  return rulesFor(kind.group, kind.kind)?.kind ?? OTHER;
}

/** operationLabel is one of the four admission operations, or "other". */
export function operationLabel(operation: string): string {
  return OPERATION_LABELS.includes(operation) ? operation : OTHER;
}

/** outcomeOf sorts a review: a decision that threw is an error, else allowed or denied. */
export function outcomeOf(record: ReviewRecord): Outcome {
  if (record.httpStatus >= 500 || record.error !== undefined) return 'error';
  return record.response.allowed ? 'allowed' : 'denied';
}

/** KindSeries is one kind's children of the review metrics. */
interface KindSeries {
  durations: Array<Histogram.Internal<ReviewLabel> | undefined>;
  patches: Counter.Internal;
  /** unscrapedPatches counts the patches answered since the patches counter was last collected. */
  unscrapedPatches: number;
}

/** ClusterCachePart is what the cache metrics read of each part of the cache at scrape time. */
export interface ClusterCachePart {
  part: string;
  state: string;
  objects: number;
}

/** MetricsOptions configure WebhookMetrics. */
export interface MetricsOptions {
  /** defaultMetrics adds Node's process metrics (process_*, nodejs_*), unprefixed; default true. */
  defaultMetrics?: boolean;
}

/** WebhookMetrics holds the registry and observes admission requests. */
export class WebhookMetrics implements AdmissionObserver {
  /** registry is what /metrics serves. */
  readonly registry = new Registry();

  /** inFlight is read when /metrics is scraped: a request costs an addition and a subtraction, not two label look-ups. */
  private readonly inFlight: Record<WebhookName, number> = { validate: 0, mutate: 0 };
  private readonly duration: Histogram<ReviewLabel>;
  /** durations wait here until a batch is full or the histogram is scraped (deferred-observations.ts). */
  private readonly durations = new DeferredObservations<ReviewLabel>();
  private readonly patchesTotal: Counter<'kind'>;
  /**
   * series holds each kind's children (prom-client's labels()) as they are first needed: its duration
   * series by seriesIndex, and its patches series with the patches answered since the last scrape. A
   * review then costs no labels object and none of the label look-ups that make one.
   */
  private readonly series = new Map<string, KindSeries>();
  private readonly malformedTotal: Counter<'webhook' | 'reason'>;
  private readonly certificateReloads: Counter;
  private readonly certificateReloadFailures: Counter;
  private readonly certificateExpiry: Gauge;
  private readonly logLinesDropped: Counter;
  private clusterCacheFailures: Counter | undefined;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    const inFlight = this.inFlight;
    const durations = this.durations;
    const series = this.series;
    const durationName = `${METRIC_PREFIX}admission_request_duration_seconds`;
    const duration = new Histogram({
      name: durationName,
      help: 'Time from receiving an AdmissionReview to answering it, by webhook, kind, operation, outcome and dry_run.',
      labelNames: REVIEW_LABELS,
      buckets: ADMISSION_DURATION_BUCKETS,
      registers,
      collect() {
        durations.flush();
      },
    });
    this.duration = duration;
    const countName = `${durationName}_count`;
    new Counter({
      name: `${METRIC_PREFIX}admission_requests_total`,
      help: 'AdmissionReviews answered, by webhook, kind, operation, outcome (allowed, denied, error) and dry_run.',
      labelNames: REVIEW_LABELS,
      registers,
      // Every review is observed in the duration histogram under the same labels, so its _count is this
      // counter's value: read at scrape rather than counted again on the request path.
      async collect() {
        const { values } = await duration.get();
        this.reset();
        for (const value of values) if (value.metricName === countName) this.inc(value.labels, value.value);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}admission_requests_in_flight`,
      help: 'Requests on the admission paths being answered right now, by webhook.',
      labelNames: ['webhook'],
      registers,
      collect() {
        for (const webhook of WEBHOOK_NAMES) this.set({ webhook }, inFlight[webhook]);
      },
    });
    this.malformedTotal = new Counter({
      name: `${METRIC_PREFIX}admission_malformed_requests_total`,
      help: 'Requests on the admission paths that could not be reviewed (bad method, content type, body, or AdmissionReview), by webhook and reason.',
      labelNames: ['webhook', 'reason'],
      registers,
    });
    this.patchesTotal = new Counter({
      name: `${METRIC_PREFIX}admission_patches_total`,
      help: 'Admitted requests answered with a JSON Patch (defaults filled in), by kind.',
      labelNames: ['kind'],
      registers,
      // Counted per kind as they come and added at scrape, for the reason the durations wait (deferred-observations.ts).
      collect() {
        for (const perKind of series.values()) {
          if (perKind.unscrapedPatches === 0) continue;
          perKind.patches.inc(perKind.unscrapedPatches);
          perKind.unscrapedPatches = 0;
        }
      },
    });
    this.certificateReloads = new Counter({
      name: `${METRIC_PREFIX}certificate_reloads_total`,
      help: 'Serving certificates picked up from disk after the first, i.e. rotations.',
      registers,
    });
    this.certificateReloadFailures = new Counter({
      name: `${METRIC_PREFIX}certificate_reload_failures_total`,
      help: 'Changed certificate files that were rejected (unreadable, unparseable, mismatched key, expired, not yet valid), once per rejection; the previous certificate kept serving.',
      registers,
    });
    this.certificateExpiry = new Gauge({
      name: `${METRIC_PREFIX}certificate_expiry_timestamp_seconds`,
      help: 'When the served certificate expires (notAfter), in seconds since the Unix epoch.',
      registers,
    });
    this.logLinesDropped = new Counter({
      name: `${METRIC_PREFIX}log_lines_dropped_total`,
      help: 'Log lines dropped because stdout was not being read and the bounded log buffer was full.',
      registers,
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** logLinesDroppedBy counts log lines the full stdout queue dropped. */
  logLinesDroppedBy(lines: number): void {
    this.logLinesDropped.inc(lines);
  }

  /** started counts a request in flight. */
  started(webhook: WebhookName): void {
    this.inFlight[webhook]++;
  }

  /** finished ends a request in flight. */
  finished(webhook: WebhookName): void {
    this.inFlight[webhook]--;
  }

  /** reviewed counts and times one answered review. */
  reviewed(record: ReviewRecord): void {
    const kind = kindLabel(record.request.kind);
    let perKind = this.series.get(kind);
    if (perKind === undefined) {
      perKind = { durations: new Array<Histogram.Internal<ReviewLabel> | undefined>(SERIES_PER_KIND).fill(undefined), patches: this.patchesTotal.labels({ kind }), unscrapedPatches: 0 };
      this.series.set(kind, perKind);
    }
    const operation = record.request.operation;
    const outcome = outcomeOf(record);
    const dryRun = record.request.dryRun === true;
    const index = seriesIndex(record.webhook, operation, outcome, dryRun);
    let duration = perKind.durations[index];
    if (duration === undefined) {
      duration = this.duration.labels({ webhook: record.webhook, kind, operation: operationLabel(operation), outcome, dry_run: String(dryRun) });
      perKind.durations[index] = duration;
    }
    this.durations.observe(duration, record.durationSeconds);
    if (record.response.patch !== undefined && record.response.allowed) perKind.unscrapedPatches++;
  }

  /** malformed counts a request that could not be reviewed. */
  malformed(record: MalformedRecord): void {
    this.malformedTotal.inc({ webhook: record.webhook, reason: record.reason });
  }

  /** certificateLoaded records the served certificate's expiry; rotation says whether it replaced an earlier one. */
  certificateLoaded(notAfter: Date, rotation: boolean): void {
    this.certificateExpiry.set(notAfter.getTime() / 1000);
    if (rotation) this.certificateReloads.inc();
  }

  /** certificateReloadFailed counts a rejected certificate change. */
  certificateReloadFailed(): void {
    this.certificateReloadFailures.inc();
  }

  /**
   * trackClusterCache adds the cluster cache's metrics, one series per part
   * (resource), read from parts at scrape time; they exist only with
   * `serve --kube`, so that a webhook without a cache never shows an
   * unsynced one.
   */
  trackClusterCache(parts: () => ClusterCachePart[]): void {
    const registers = [this.registry];
    new Gauge({
      name: `${METRIC_PREFIX}cluster_cache_synced`,
      help: '1 while a part of the cluster cache is synced with the API server, 0 before its first list and while its informer restarts, by resource.',
      labelNames: ['resource'],
      registers,
      collect() {
        for (const part of parts()) this.set({ resource: part.part }, part.state === 'synced' ? 1 : 0);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}cluster_cache_objects`,
      help: 'Objects held in the cluster cache, by resource.',
      labelNames: ['resource'],
      registers,
      collect() {
        for (const part of parts()) this.set({ resource: part.part }, part.objects);
      },
    });
    this.clusterCacheFailures = new Counter({
      name: `${METRIC_PREFIX}cluster_cache_failures_total`,
      help: 'Failed lists and watches of the cluster cache, by resource; each restarts that informer after a backoff.',
      labelNames: ['resource'],
      registers,
    });
    // Every series from the start, so that a rate() over a resource that never failed reads 0, not nothing.
    for (const part of parts()) this.clusterCacheFailures.inc({ resource: part.part }, 0);
  }

  /** clusterCacheFailed counts one failure of the informer of a part (resource) of the cache. */
  clusterCacheFailed(resource: string): void {
    this.clusterCacheFailures?.inc({ resource });
  }
}
