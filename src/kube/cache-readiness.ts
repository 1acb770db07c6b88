/**
 * The cluster cache's lines in /readyz?verbose, one per part. The cache only
 * feeds warnings, so its state must never make the webhook unready (every
 * replica would drop out of its Service at once when the API server has a bad
 * minute, and admission would fail for everyone): each line starts "[+]" and
 * /readyz stays 200, but it says when a part is stale and why.
 */
import type { ClusterPart } from '../resources/resource.js';
import { Readiness, type ReadinessReport } from '../server/readiness.js';
import type { PartStatus } from './cluster-cache.js';

/** PART_WARNINGS says which warnings each part feeds, for the lines of a part that is not synced. */
const PART_WARNINGS: Record<ClusterPart, string> = {
  attachedconnectors: 'binding warnings',
  listeners: 'host and port warnings',
  multikeylisteners: 'host and port warnings',
  services: 'Service warnings',
};

/** cacheCheckName names a part's line after its kind: attached-connector-cache, multi-key-listener-cache. */
export function cacheCheckName(kind: string): string {
  return `${kind.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()}-cache`;
}

/** describeCacheStatus words a part's status for a human reading /readyz?verbose. */
export function describeCacheStatus(status: PartStatus, now: Date = new Date()): string {
  const retry = status.retryAt ? `; retrying in ${Math.max(0, Math.ceil((status.retryAt.getTime() - now.getTime()) / 1000))}s` : '';
  const error = status.lastError ? `: ${status.lastError}` : '';
  const warnings = PART_WARNINGS[status.part];
  switch (status.state) {
    case 'synced':
      return `synced, ${status.objects} ${status.kind}${status.objects === 1 ? '' : 's'}`;
    case 'starting':
      return `not yet synced${error}${retry} (${warnings} off until then; admission unaffected)`;
    case 'stale':
      return `stale since ${status.since.toISOString()}${error}${retry} (${warnings} paused; admission unaffected)`;
    case 'stopped':
      return 'stopped';
  }
}

/**
 * CacheReadiness is Readiness with one informational line per part of the
 * cache, "[+]attached-connector-cache ok: <status>", that never fails the
 * report.
 */
export class CacheReadiness extends Readiness {
  constructor(private readonly cacheStatuses: () => PartStatus[]) {
    super();
  }

  /** report runs every check, then appends the cache's informational lines. */
  override report(): ReadinessReport {
    const report = super.report();
    let statuses: PartStatus[];
    try {
      statuses = this.cacheStatuses();
    } catch (e) {
      report.lines.push(`[+]cluster-cache ok: status unavailable: ${e instanceof Error ? e.message : String(e)}`);
      return report;
    }
    for (const status of statuses) report.lines.push(`[+]${cacheCheckName(status.kind)} ok: ${describeCacheStatus(status)}`);
    return report;
  }
}
