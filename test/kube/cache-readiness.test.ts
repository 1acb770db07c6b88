import { expect } from 'chai';
import type { CacheStatus } from '../../src/kube/attached-connector-cache.js';
import { CacheReadiness, describeCacheStatus } from '../../src/kube/cache-readiness.js';

const NOW = new Date('2026-01-01T00:00:10Z');
const SINCE = new Date('2026-01-01T00:00:00Z');

describe('describeCacheStatus', () => {
  const cases: Array<[string, CacheStatus, string]> = [
    ['synced counts the objects', { state: 'synced', objects: 1, since: SINCE }, 'synced, 1 AttachedConnector'],
    ['synced says plural', { state: 'synced', objects: 3, since: SINCE }, 'synced, 3 AttachedConnectors'],
    ['starting says warnings are off', { state: 'starting', objects: 0, since: SINCE }, 'not yet synced (binding warnings off until then; admission unaffected)'],
    [
      'starting with an error says why and when it retries',
      { state: 'starting', objects: 0, since: SINCE, lastError: 'listing AttachedConnectors: forbidden', retryAt: new Date('2026-01-01T00:00:12.500Z') },
      'not yet synced: listing AttachedConnectors: forbidden; retrying in 3s (binding warnings off until then; admission unaffected)',
    ],
    [
      'stale says since when',
      { state: 'stale', objects: 2, since: SINCE, lastError: 'watching AttachedConnectors: Premature close', retryAt: new Date('2026-01-01T00:00:11Z') },
      'stale since 2026-01-01T00:00:00.000Z: watching AttachedConnectors: Premature close; retrying in 1s (binding warnings paused; admission unaffected)',
    ],
    ['stopped', { state: 'stopped', objects: 0, since: SINCE }, 'stopped'],
  ];
  for (const [rule, status, text] of cases) {
    it(rule, () => {
      expect(describeCacheStatus(status, NOW)).to.equal(text);
    });
  }
});

describe('CacheReadiness', () => {
  context('when the cache is stale', () => {
    it('stays ready and adds an informational line after the checks', () => {
      const readiness = new CacheReadiness(() => ({ state: 'stale', objects: 0, since: SINCE, lastError: 'boom' }));
      readiness.add('certificate', () => undefined);
      const report = readiness.report();
      expect(report.ready).to.equal(true);
      expect(report.lines).to.deep.equal(['[+]certificate ok', '[+]attached-connector-cache ok: stale since 2026-01-01T00:00:00.000Z: boom (binding warnings paused; admission unaffected)']);
    });
  });

  context('when a real check fails', () => {
    it('is unready because of that check alone', () => {
      const readiness = new CacheReadiness(() => ({ state: 'synced', objects: 0, since: SINCE }));
      readiness.add('shutdown', () => 'shutting down');
      expect(readiness.report()).to.deep.equal({
        ready: false,
        lines: ['[-]shutdown failed: shutting down', '[+]attached-connector-cache ok: synced, 0 AttachedConnectors'],
      });
    });
  });

  context('when the status cannot be read', () => {
    it('still passes and says so', () => {
      const readiness = new CacheReadiness(() => {
        throw new Error('no status');
      });
      expect(readiness.report()).to.deep.equal({ ready: true, lines: ['[+]attached-connector-cache ok: status unavailable: no status'] });
    });
  });
});
