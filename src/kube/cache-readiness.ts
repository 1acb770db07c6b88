/**
 * The AttachedConnector cache's line in /readyz?verbose. The cache only feeds
 * warnings, so its state must never make the webhook unready (every replica
 * would drop out of its Service at once when the API server has a bad
 * minute, and admission would fail for everyone): the line always starts
 * "[+]" and /readyz stays 200, but it says when the cache is stale and why.
 */
import { Readiness, type ReadinessReport } from '../server/readiness.js';
import type { CacheStatus } from './attached-connector-cache.js';

/** CACHE_CHECK_NAME names the line. */
export const CACHE_CHECK_NAME = 'attached-connector-cache';

/** describeCacheStatus words a status for a human reading /readyz?verbose. */
export function describeCacheStatus(status: CacheStatus, now: Date = new Date()): string {
  const retry = status.retryAt ? `; retrying in ${Math.max(0, Math.ceil((status.retryAt.getTime() - now.getTime()) / 1000))}s` : '';
  const error = status.lastError ? `: ${status.lastError}` : '';
  switch (status.state) {
    case 'synced':
      return `synced, ${status.objects} AttachedConnector${status.objects === 1 ? '' : 's'}`;
    case 'starting':
      return `not yet synced${error}${retry} (binding warnings off until then; admission unaffected)`;
    case 'stale':
      return `stale since ${status.since.toISOString()}${error}${retry} (binding warnings paused; admission unaffected)`;
    case 'stopped':
      return 'stopped';
  }
}

/**
 * CacheReadiness is Readiness with one informational line about the cache,
 * "[+]attached-connector-cache ok: <status>", that never fails the report.
 */
export class CacheReadiness extends Readiness {
  constructor(private readonly cacheStatus: () => CacheStatus) {
    super();
  }

  /** report runs every check, then appends the cache's informational line. */
  override report(): ReadinessReport {
    const report = super.report();
    let detail: string;
    try {
      detail = describeCacheStatus(this.cacheStatus());
    } catch (e) {
      detail = `status unavailable: ${e instanceof Error ? e.message : String(e)}`;
    }
    report.lines.push(`[+]${CACHE_CHECK_NAME} ok: ${detail}`);
    return report;
  }
}
