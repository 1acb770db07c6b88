import { expect } from 'chai';
import { CacheReadiness, cacheCheckName, describeCacheStatus } from '../../src/kube/cache-readiness.js';
import type { PartStatus } from '../../src/kube/cluster-cache.js';
import type { CacheStatus } from '../../src/kube/resource-cache.js';

/** connectors is an AttachedConnector part's status. */
const connectors = (status: CacheStatus): PartStatus => ({ part: 'attachedconnectors', kind: 'AttachedConnector', ...status });

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
      expect(describeCacheStatus(connectors(status), NOW)).to.equal(text);
    });
  }

  it('names the warnings each part feeds', () => {
    const services: PartStatus = { part: 'services', kind: 'Service', state: 'starting', objects: 0, since: SINCE };
    expect(describeCacheStatus(services, NOW)).to.equal('not yet synced (Service warnings off until then; admission unaffected)');
    expect(describeCacheStatus({ ...services, part: 'listeners', kind: 'Listener', state: 'synced', objects: 1 }, NOW)).to.equal('synced, 1 Listener');
  });
});

describe('cacheCheckName', () => {
  for (const [kind, name] of [['AttachedConnector', 'attached-connector-cache'], ['MultiKeyListener', 'multi-key-listener-cache'], ['Service', 'service-cache']]) {
    it(`names ${kind}'s line ${name}`, () => expect(cacheCheckName(kind!)).to.equal(name));
  }
});

describe('CacheReadiness', () => {
  context('when the cache is stale', () => {
    it('stays ready and adds an informational line after the checks', () => {
      const readiness = new CacheReadiness(() => [connectors({ state: 'stale', objects: 0, since: SINCE, lastError: 'boom' })]);
      readiness.add('certificate', () => undefined);
      const report = readiness.report();
      expect(report.ready).to.equal(true);
      expect(report.lines).to.deep.equal(['[+]certificate ok', '[+]attached-connector-cache ok: stale since 2026-01-01T00:00:00.000Z: boom (binding warnings paused; admission unaffected)']);
    });
  });

  context('when a real check fails', () => {
    it('is unready because of that check alone', () => {
      const readiness = new CacheReadiness(() => [connectors({ state: 'synced', objects: 0, since: SINCE })]);
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
      expect(readiness.report()).to.deep.equal({ ready: true, lines: ['[+]cluster-cache ok: status unavailable: no status'] });
    });
  });
});
