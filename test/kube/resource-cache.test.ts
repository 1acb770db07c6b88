import { expect } from 'chai';
import type { ClusterCacheError } from '../../src/kube/errors.js';
import { loadKubeConfig } from '../../src/kube/kube-config.js';
import { type CacheStatus, ResourceCache, type ResourceCacheOptions } from '../../src/kube/resource-cache.js';
import { eventually } from '../support/eventually.js';
import { FakeKubeApi, listener } from './fake-kube-api.js';
import { Lister, listenerPorts, type Port } from './listener-ports.js';

/** FAST restarts within tens of milliseconds, without jitter, so that each delay is known. */
const FAST: ResourceCacheOptions = { backoff: { initialMs: 20, maxMs: 100, jitter: 0 } };

/** Failure is one 'error' event, with the status the cache reported as it was emitted. */
interface Failure {
  error: ClusterCacheError;
  retryInMs: number;
  status: CacheStatus;
  /** emittedAt is Date.now() when the event arrived. */
  emittedAt: number;
}

describe('ResourceCache', () => {
  let api: FakeKubeApi;
  let lister: Lister;
  let cache: ResourceCache<Port>;
  let failures: Failure[];
  let syncs: number[];

  beforeEach(async () => {
    api = new FakeKubeApi();
    await api.start();
    lister = new Lister();
    failures = [];
    syncs = [];
  });

  afterEach(async () => {
    await cache.stop();
    await api.close();
  });

  /** newCache makes the cache under test and records its events. */
  function newCache(options: ResourceCacheOptions = FAST, listenForErrors = true): ResourceCache<Port> {
    cache = new ResourceCache(loadKubeConfig(api.kubeconfig).config, listenerPorts(lister), options);
    cache.on('synced', (objects) => syncs.push(objects));
    if (listenForErrors) cache.on('error', (error, retryInMs) => failures.push({ error, retryInMs, status: cache.status(), emittedAt: Date.now() }));
    return cache;
  }

  /** nextSync resolves with the objects of the next 'synced' event; unlike events.once, through any 'error' events before it. */
  function nextSync(): Promise<number> {
    return new Promise((resolve) => cache.once('synced', resolve));
  }

  /** startWatching starts the cache and resolves once it has synced and its watch is open. */
  async function startWatching(): Promise<void> {
    const synced = nextSync();
    cache.start();
    await synced;
    await eventually(() => api.watching === 1, 'the watch is open');
  }

  context('before its first list answers', () => {
    it('is starting and holds nothing, then syncs with exactly what the list held', async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      api.seed(listener('east', 'db', 'db', 5432));
      let release!: () => void;
      api.holdLists = new Promise((resolve) => (release = resolve));
      newCache();
      cache.start();
      cache.start();
      expect(lister.calls, 'a second start() is a no-op').to.equal(1);
      await eventually(() => api.lists === 1, 'the list reaches the API server');
      const starting = cache.status();
      expect(starting).to.deep.equal({ state: 'starting', objects: 0, since: starting.since });
      expect(cache.synced()).to.equal(false);
      expect(cache.get('west', 'backend')).to.equal(undefined);

      const synced = nextSync();
      release();
      expect(await synced).to.equal(2);
      expect(cache.synced()).to.equal(true);
      const status = cache.status();
      expect(status).to.deep.equal({ state: 'synced', objects: 2, since: status.since });
      expect(status.since.getTime()).to.be.at.least(starting.since.getTime());
      expect(cache.get('east', 'db')).to.deep.equal({ host: 'db', port: 5432 });
    });
  });

  context('once listed', () => {
    it('keeps what reduce makes of each object under its namespace and name, and skips the objects it cannot use', async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      api.seed(listener('west', 'metrics', 'backend', 9090));
      api.seed(listener('west', 'named-port', 'backend', 'http' as unknown as number));
      api.seed({ ...listener('west', '', 'backend', 8080), metadata: { namespace: 'west' } });
      api.seed({ ...listener('', 'cluster-wide', 'everywhere', 80), metadata: { name: 'cluster-wide' } });
      newCache();
      await startWatching();
      expect(syncs).to.deep.equal([3]);
      expect(cache.size).to.equal(3);
      expect(cache.get('west', 'backend')).to.deep.equal({ host: 'backend', port: 8080 });
      expect(cache.get('west', 'named-port'), 'reduce returned undefined').to.equal(undefined);
      expect(cache.get('', 'cluster-wide'), 'no namespace is the empty one').to.deep.equal({ host: 'everywhere', port: 80 });
      expect(cache.byIndex('west/backend')).to.deep.equal(
        new Map([
          ['west/backend', { host: 'backend', port: 8080 }],
          ['west/metrics', { host: 'backend', port: 9090 }],
        ]),
      );
      expect(cache.byIndex('east/backend')).to.deep.equal(new Map());
    });
  });

  context('while watching', () => {
    beforeEach(async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      newCache();
      await startWatching();
    });

    it('adds, replaces and forgets objects as ADDED, MODIFIED and DELETED events come, in the index too', async () => {
      api.put(listener('west', 'db', 'backend', 5432));
      await eventually(() => cache.size === 2, 'ADDED');
      expect([...cache.byIndex('west/backend').keys()]).to.deep.equal(['west/backend', 'west/db']);

      api.put(listener('west', 'db', 'db', 5432));
      await eventually(() => cache.get('west', 'db')?.host === 'db', 'MODIFIED');
      expect(cache.byIndex('west/backend')).to.deep.equal(new Map([['west/backend', { host: 'backend', port: 8080 }]]));
      expect(cache.byIndex('west/db')).to.deep.equal(new Map([['west/db', { host: 'db', port: 5432 }]]));

      api.remove('west', 'backend', 'Listener');
      await eventually(() => cache.size === 1, 'DELETED');
      expect(cache.get('west', 'backend')).to.equal(undefined);
      expect(cache.byIndex('west/backend')).to.deep.equal(new Map());
      expect(syncs, 'watch events are no new sync').to.deep.equal([1]);
      expect(failures).to.deep.equal([]);
    });

    it('forgets an object modified into one reduce cannot use', async () => {
      api.put(listener('west', 'backend', 'backend', 'http' as unknown as number));
      await eventually(() => cache.size === 0, 'MODIFIED');
      expect(cache.get('west', 'backend')).to.equal(undefined);
      expect(cache.byIndex('west/backend')).to.deep.equal(new Map());
    });

    it('follows a watch the API server ends from where it left off, without listing again or leaving synced', async () => {
      const since = cache.status().since;
      api.endWatches();
      api.put(listener('west', 'db', 'db', 5432));
      await eventually(() => cache.get('west', 'db') !== undefined, 'the new watch catches up');
      expect(api.watches).to.equal(2);
      expect(lister.calls).to.equal(1);
      expect(cache.status()).to.deep.equal({ state: 'synced', objects: 2, since });
      expect(failures).to.deep.equal([]);
    });

    it('lists again from scratch when the API server has compacted its history past its resourceVersion (410 Gone), without an error', async () => {
      api.unseed('west', 'backend', 'Listener');
      api.seed(listener('east', 'db', 'db', 5432));
      api.compact();
      const synced = nextSync();
      api.endWatches();
      expect(await synced).to.equal(1);
      expect(cache.get('west', 'backend')).to.equal(undefined);
      expect(cache.get('east', 'db')).to.deep.equal({ host: 'db', port: 5432 });
      expect(lister.calls).to.equal(2);
      expect(failures).to.deep.equal([]);
    });

    it('words a failure of the list that follows a 410 Gone as a list, not a watch', async () => {
      api.seed(listener('east', 'db', 'db', 5432));
      api.compact();
      lister.failures = [new Error('Service Unavailable')];
      api.endWatches();
      await eventually(() => failures.length === 1, 'the list after the 410 fails');
      expect(failures[0]!.error.message).to.equal('listing Listeners');
      expect(failures[0]!.status.lastError).to.equal('listing Listeners: Service Unavailable');
    });
  });

  context('when its list fails', () => {
    it('stays starting, says why, and retries after a delay that doubles each time', async () => {
      const causes = [new Error('connection refused'), new Error('Unauthorized'), new Error('Service Unavailable')];
      lister.failures = [...causes];
      newCache();
      const before = Date.now();
      await startWatching();
      expect(failures.map((f) => [f.error.name, f.error.message, f.retryInMs])).to.deep.equal([
        ['ClusterCacheError', 'listing Listeners', 20],
        ['ClusterCacheError', 'listing Listeners', 40],
        ['ClusterCacheError', 'listing Listeners', 80],
      ]);
      expect(failures.map((f) => f.error.cause)).to.deep.equal(causes);
      const [first] = failures;
      expect(first!.status).to.deep.equal({ state: 'starting', objects: 0, since: first!.status.since, lastError: 'listing Listeners: connection refused', retryAt: first!.status.retryAt });
      expect(first!.status.retryAt!.getTime() - first!.retryInMs).to.be.within(before, first!.emittedAt);
      expect(failures[2]!.status.lastError).to.equal('listing Listeners: Service Unavailable');
      const status = cache.status();
      expect(status, 'a successful list clears the error').to.deep.equal({ state: 'synced', objects: 0, since: status.since });
    });

    it('keeps only the head of a long error for its status, and the whole of it in the event', async () => {
      const long = 'x'.repeat(1_000);
      lister.failures = [new Error(long)];
      newCache();
      await startWatching();
      const lastError = failures[0]!.status.lastError!;
      expect(lastError).to.match(/^listing Listeners: x+…$/);
      expect(lastError.length).to.be.below(long.length);
      expect((failures[0]!.error.cause as Error).message).to.equal(long);
    });

    it('gives up on a list that hangs after listTimeoutMs, then lists again', async () => {
      let release!: () => void;
      api.holdLists = new Promise((resolve) => (release = resolve));
      newCache({ ...FAST, listTimeoutMs: 200 });
      cache.start();
      await eventually(() => failures.length > 0, 'the list times out');
      expect(failures[0]!.status.lastError).to.equal('listing Listeners: listing Listeners timed out after 200 ms');
      release();
      await eventually(() => cache.synced(), 'a list answers in time');
    });
  });

  context('when its watch fails once synced', () => {
    it('turns stale but keeps its objects, says why, and lists from scratch once it can', async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      api.seed(listener('east', 'db', 'db', 5432));
      newCache();
      await startWatching();
      await api.kill();
      await eventually(() => failures.length > 0, 'the watch fails');
      const [failure] = failures;
      expect([failure!.error.message, failure!.retryInMs]).to.deep.equal(['watching Listeners', 20]);
      expect(failure!.status).to.deep.include({ state: 'stale', objects: 2 });
      expect(failure!.status.lastError).to.match(/^watching Listeners: /);
      expect(cache.synced()).to.equal(false);
      expect(cache.get('east', 'db'), 'stale objects are kept; callers check synced() first').to.deep.equal({ host: 'db', port: 5432 });

      api.unseed('west', 'backend', 'Listener');
      api.seed(listener('north', 'web', 'web', 80));
      const synced = nextSync();
      await api.start();
      expect(await synced).to.equal(2);
      expect(cache.get('west', 'backend')).to.equal(undefined);
      expect(cache.get('north', 'web')).to.deep.equal({ host: 'web', port: 80 });
      expect(cache.status()).to.deep.equal({ state: 'synced', objects: 2, since: cache.status().since });
    });

    it('never throws the error when nobody listens for it', async () => {
      // The informer calls back from promises nobody awaits: a throw there is an unhandled
      // rejection, which would end the server's process (mocha only swallows it).
      const unhandled: unknown[] = [];
      const record = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', record);
      try {
        api.forbidWatches = true;
        newCache(FAST, false);
        cache.start();
        await eventually(() => cache.status().lastError === 'watching Listeners: Forbidden', 'the watch is refused');
        // Rejections are reported before the loop moves on to timers: once the retry has listed, the first failure's would have been.
        await eventually(() => lister.calls === 2, 'the cache retries');
      } finally {
        process.off('unhandledRejection', record);
      }
      expect(unhandled).to.deep.equal([]);
    });
  });

  context('backing off', () => {
    it('goes on doubling after a list that succeeds', async () => {
      lister.failures = [new Error('refused'), new Error('refused')];
      newCache();
      await startWatching();
      await api.kill();
      await eventually(() => failures.length === 3, 'the watch fails');
      expect(failures.map((f) => f.retryInMs)).to.deep.equal([20, 40, 80]);
    });

    it('starts again from the first delay once the informer has lasted until its periodic relist', async () => {
      lister.failures = [new Error('refused'), new Error('refused')];
      newCache({ ...FAST, relistIntervalMs: 100 });
      await startWatching();
      await nextSync();
      await api.kill();
      await eventually(() => failures.length === 3, 'the informer fails');
      expect(failures.map((f) => f.retryInMs)).to.deep.equal([20, 40, 20]);
    });
  });

  context('when due for its periodic relist', () => {
    it('lists again, picking up what its watch missed, and stays synced', async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      newCache({ ...FAST, relistIntervalMs: 50 });
      await startWatching();
      const { since } = cache.status();
      const lists = lister.calls;
      api.unseed('west', 'backend', 'Listener');
      api.seed(listener('east', 'db', 'db', 5432));
      // Not the next sync: a relist already under way may still bring the old objects.
      await eventually(() => cache.get('east', 'db') !== undefined, 'a relist brings what the watch missed');
      expect(lister.calls).to.be.above(lists);
      expect(cache.get('west', 'backend')).to.equal(undefined);
      expect(cache.status(), 'synced since the first list').to.deep.equal({ state: 'synced', objects: 1, since });
      expect(failures).to.deep.equal([]);
    });
  });

  context('when stopped', () => {
    it('once synced: is stopped, closes its watch, never relists, and cannot start again', async () => {
      lister.failures = [new Error('refused')];
      newCache({ ...FAST, relistIntervalMs: 50 });
      await startWatching();
      await cache.stop();
      const lists = lister.calls;
      expect(cache.synced()).to.equal(false);
      const status = cache.status();
      expect(status, 'the failure before the sync is forgotten').to.deep.equal({ state: 'stopped', objects: 0, since: status.since });
      await eventually(() => api.watching === 0, 'the watch is closed');
      // A relist still due would fire before this timer of the same delay, set later.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lister.calls).to.equal(lists);
      expect(() => cache.start()).to.throw('the Listener cache cannot be started again once stopped');
    });

    it('while waiting to retry: never retries', async () => {
      lister.failures = [new Error('refused')];
      newCache();
      cache.start();
      await eventually(() => failures.length === 1, 'the list fails');
      await cache.stop();
      expect(cache.status().retryAt, 'no retry is due').to.equal(undefined);
      // The retry, had it survived, would fire before this timer of the same delay, set later.
      await new Promise((resolve) => setTimeout(resolve, failures[0]!.retryInMs));
      expect(lister.calls).to.equal(1);
      expect(syncs).to.deep.equal([]);
    });

    it('while its list is in flight: never syncs, and closes the watch the informer still opens after it', async () => {
      api.seed(listener('west', 'backend', 'backend', 8080));
      let release!: () => void;
      api.holdLists = new Promise((resolve) => (release = resolve));
      newCache();
      cache.start();
      await eventually(() => api.lists === 1, 'the list reaches the API server');
      await cache.stop();
      release();
      await eventually(() => api.watches === 1 && api.watching === 0, 'the late watch opens and is closed');
      expect(syncs).to.deep.equal([]);
      expect(failures).to.deep.equal([]);
      expect(cache.size).to.equal(0);
      expect(cache.status().state).to.equal('stopped');
    });
  });
});
