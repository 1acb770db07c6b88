import { expect } from 'chai';
import { once } from 'node:events';
import { createWebhooks, type Webhooks } from '../../src/admission/webhooks.js';
import { CacheReadiness } from '../../src/kube/cache-readiness.js';
import { ClusterCache } from '../../src/kube/cluster-cache.js';
import { loadKubeConfig } from '../../src/kube/kube-config.js';
import type { ClusterPart } from '../../src/resources/resource.js';
import { WebhookMetrics } from '../../src/server/telemetry/metrics.js';
import { validMultiKeyListener } from '../fixtures/cases/multi-key-listener.js';
import { requestFor, reviewFor, validBinding, validListener } from '../fixtures/reviews.js';
import { eventually } from '../support/eventually.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { attachedConnector, COLLECTIONS, FakeKubeApi, listener, multiKeyListener, service, WATCHED_COLLECTIONS } from './fake-kube-api.js';

/** FAST_BACKOFF restarts within tens of milliseconds, to keep the tests quick. */
const FAST_BACKOFF = { initialMs: 20, maxMs: 100, jitter: 0 };

/** warningsFor validates object, which must be admitted, and returns its warnings. */
function warningsFor(webhooks: Webhooks, object: Record<string, any> = validBinding(), operation = 'CREATE'): string[] {
  const response = webhooks.validate(requestFor(object, { operation, oldObject: operation === 'UPDATE' ? object : undefined }));
  expect(response.allowed).to.equal(true);
  return response.warnings ?? [];
}

/** THE_LISTENER is the fixture Listener "backend" in hello-world-west, with host backend and port 8080. */
const THE_LISTENER = { namespace: 'hello-world-west', host: 'backend', port: 8080 };

const SERVICE_WARNING =
  'Service "backend" already exists in namespace "hello-world-west" and Skupper did not create it (it has no internal.skupper.io/listener label): Skupper leaves it alone, does not expose this Listener, and sets its status to "Service backend already exists in namespace"';

describe('ClusterCache', () => {
  let api: FakeKubeApi;
  let cache: ClusterCache;
  let webhooks: Webhooks;

  beforeEach(async () => {
    api = new FakeKubeApi();
    await api.start();
    cache = new ClusterCache(loadKubeConfig(api.kubeconfig).config, { backoff: FAST_BACKOFF });
    webhooks = createWebhooks({ clusterState: cache });
  });

  afterEach(async () => {
    await cache.stop();
    await api.close();
  });

  /** allSynced resolves once every part has synced. */
  async function allSynced(): Promise<void> {
    await eventually(() => cache.synced(), 'every part syncs');
  }

  context('before the first lists have answered', () => {
    it('is not synced and lets the rules stay silent', async () => {
      let release!: () => void;
      api.holdLists = new Promise((resolve) => (release = resolve));
      api.seed(service(THE_LISTENER.namespace, 'backend'));
      cache.start();
      await eventually(() => api.lists === WATCHED_COLLECTIONS, 'every collection is requested');
      expect(cache.synced()).to.equal(false);
      expect(cache.statuses().map((s) => s.state)).to.deep.equal(['starting', 'starting', 'starting', 'starting']);
      expect(warningsFor(webhooks)).to.deep.equal([]);
      expect(warningsFor(webhooks, validListener())).to.deep.equal([]);
      release();
      await allSynced();
      expect(warningsFor(webhooks, validListener())).to.deep.equal([SERVICE_WARNING]);
    });
  });

  context('once synced', () => {
    beforeEach(async () => {
      api.seed(attachedConnector('elsewhere', 'other', 'west'));
      api.seed(listener('elsewhere', 'other', 'backend', 8080));
      cache.start();
      await allSynced();
      await eventually(() => api.watching === WATCHED_COLLECTIONS, 'every watch is open');
    });

    it('holds only the fields the rules read', () => {
      expect(cache.attachedConnector('elsewhere', 'other')).to.deep.equal({ siteNamespace: 'west' });
      expect(cache.attachedConnector('east', 'backend')).to.equal(undefined);
      expect(cache.exposures('elsewhere', 'backend')).to.deep.equal([{ kind: 'Listener', name: 'other', host: 'backend', port: 8080 }]);
      expect(cache.exposures('hello-world-west', 'backend')).to.deep.equal([]);
      expect(cache.statuses().map(({ part, objects }) => [part, objects])).to.deep.equal([
        ['attachedconnectors', 1],
        ['listeners', 1],
        ['multikeylisteners', 0],
        ['services', 0],
      ]);
    });

    it('turns the binding warnings on and off as AttachedConnectors come, change and go', async () => {
      expect(warningsFor(webhooks)).to.deep.equal([
        'no AttachedConnector "backend" exists in namespace "east" yet: the binding does nothing, and its site reports "No matching AttachedConnector", until one is created there',
      ]);

      api.put(attachedConnector('east', 'backend', 'north'));
      await eventually(() => cache.attachedConnector('east', 'backend') !== undefined, 'ADDED');
      expect(warningsFor(webhooks)).to.deep.equal([
        'AttachedConnector "east/backend" has spec.siteNamespace "north", not this binding\'s namespace "west": Skupper hands that AttachedConnector to the site in "north", so the two will not pair',
      ]);

      api.put(attachedConnector('east', 'backend', 'west'));
      await eventually(() => cache.attachedConnector('east', 'backend')?.siteNamespace === 'west', 'MODIFIED');
      expect(warningsFor(webhooks)).to.deep.equal([]);

      api.remove('east', 'backend');
      await eventually(() => cache.attachedConnector('east', 'backend') === undefined, 'DELETED');
      expect(warningsFor(webhooks)).to.have.length(1);
    });

    context('when a Listener or MultiKeyListener takes a host and port another already has', () => {
      const { namespace, host, port } = THE_LISTENER;

      it('warns about another Listener with the same host and port, in Skupper\'s own words', async () => {
        expect(warningsFor(webhooks, validListener()), 'the same host in another namespace is no clash').to.deep.equal([]);
        api.put(listener(namespace, 'db', host, port));
        await eventually(() => cache.exposures(namespace, host).length === 1, 'ADDED');
        expect(warningsFor(webhooks, validListener())).to.deep.equal([
          'Listener "db" in this namespace already has host "backend" and port 8080: Skupper serves only one of the two and sets on the other the status "Listener db with host backend and port 8080 already exists in namespace"',
        ]);
      });

      it('does not warn about the same host on another port, which is one more port of the same Service', async () => {
        api.put(listener(namespace, 'metrics', host, 9090));
        await eventually(() => cache.exposures(namespace, host).length === 1, 'ADDED');
        expect(warningsFor(webhooks, validListener())).to.deep.equal([]);
      });

      it('does not take an object for its own rival when it is updated', async () => {
        api.put(listener(namespace, 'backend', host, port));
        await eventually(() => cache.exposures(namespace, host).length === 1, 'ADDED');
        expect(warningsFor(webhooks, validListener(), 'UPDATE')).to.deep.equal([]);
      });

      it('warns when a MultiKeyListener and a Listener share a host and port, which Kubernetes refuses in one Service', async () => {
        api.put(multiKeyListener(namespace, 'failover', host, port));
        await eventually(() => cache.exposures(namespace, host).length === 1, 'ADDED');
        expect(warningsFor(webhooks, validListener())).to.deep.equal([
          'MultiKeyListener "failover" in this namespace already has host "backend" and port 8080: Skupper makes both ports of Service "backend" with one port number, and Kubernetes refuses that Service',
        ]);
        const mkl = validMultiKeyListener();
        mkl['metadata'].namespace = namespace;
        expect(warningsFor(webhooks, mkl)).to.deep.equal([
          'MultiKeyListener "failover" in this namespace already has host "backend" and port 8080: Skupper makes both ports of Service "backend" with one port number, and Kubernetes refuses that Service',
        ]);
      });

      it('forgets a Listener once it is deleted, or moved to another host', async () => {
        api.put(listener(namespace, 'db', host, port));
        api.put(listener(namespace, 'web', host, port));
        await eventually(() => cache.exposures(namespace, host).length === 2, 'ADDED');
        api.remove(namespace, 'db', 'Listener');
        api.put(listener(namespace, 'web', 'web', port));
        await eventually(() => cache.exposures(namespace, host).length === 0, 'DELETED and MODIFIED');
        expect(cache.exposures(namespace, 'web')).to.deep.equal([{ kind: 'Listener', name: 'web', host: 'web', port }]);
        expect(warningsFor(webhooks, validListener())).to.deep.equal([]);
      });
    });

    context("when the host names a Service", () => {
      const { namespace } = THE_LISTENER;

      it('warns if Skupper did not make it, and stays silent once it carries Skupper\'s label', async () => {
        api.put(service(namespace, 'backend'));
        await eventually(() => cache.service(namespace, 'backend') !== undefined, 'ADDED');
        expect(cache.service(namespace, 'backend')).to.deep.equal({ skupperOwned: false });
        expect(warningsFor(webhooks, validListener())).to.deep.equal([SERVICE_WARNING]);
        api.put(service(namespace, 'backend', { 'internal.skupper.io/listener': 'backend' }));
        await eventually(() => cache.service(namespace, 'backend')?.skupperOwned === true, 'MODIFIED');
        expect(warningsFor(webhooks, validListener())).to.deep.equal([]);
      });

      it('tells a MultiKeyListener that Skupper would take the Service over', async () => {
        api.put(service('west', 'backend', { app: 'backend' }));
        await eventually(() => cache.service('west', 'backend') !== undefined, 'ADDED');
        expect(warningsFor(webhooks, validMultiKeyListener())).to.deep.equal([
          'Service "backend" already exists in namespace "west" and Skupper did not create it (it has no internal.skupper.io/listener label): Skupper takes it over for this MultiKeyListener, replacing its selector and ports with the router\'s',
        ]);
      });

      it('never warns about an object it denies', async () => {
        api.put(service(namespace, 'backend'));
        await eventually(() => cache.service(namespace, 'backend') !== undefined, 'ADDED');
        const broken = validListener();
        broken['spec'].port = 0;
        const response = webhooks.validate(requestFor(broken));
        expect(response.allowed).to.equal(false);
        expect(response.warnings).to.deep.equal(undefined);
      });
    });

    context('when the API server goes away', () => {
      let server: TestServer;

      beforeEach(async () => {
        server = await startTestServer({ webhooks });
      });

      afterEach(async () => {
        await server.close();
      });

      it('keeps admitting, without warnings, reports the cache stale but stays ready, and resyncs when it returns', async () => {
        const metrics = new WebhookMetrics({ defaultMetrics: false });
        metrics.trackClusterCache(() => cache.statuses());
        cache.on('error', (part) => metrics.clusterCacheFailed(part));
        const readiness = new CacheReadiness(() => cache.statuses());
        const failed = once(cache, 'error');
        await api.kill();
        const [, error] = (await failed) as [ClusterPart, Error];
        expect(error.name).to.equal('ClusterCacheError');
        await eventually(() => cache.statuses().every((s) => s.state === 'stale'), 'every part is stale');

        const answer = await server.review('/validate', reviewFor(requestFor(validBinding())));
        expect(answer.status).to.equal(200);
        expect((answer.json as any).response.allowed).to.equal(true);
        expect((answer.json as any).response).not.to.have.property('warnings');

        const report = readiness.report();
        expect(report.ready).to.equal(true);
        expect(report.lines[0]).to.match(
          /^\[\+\]attached-connector-cache ok: stale since \S+: (watching|listing) AttachedConnectors: .+; retrying in \d+s \(binding warnings paused; admission unaffected\)$/,
        );
        expect(report.lines[3]).to.match(/^\[\+\]service-cache ok: stale since \S+: (watching|listing) Services: .+ \(Service warnings paused; admission unaffected\)$/);
        const scraped = await metrics.registry.getSingleMetricAsString('skupper_webhook_cluster_cache_synced');
        expect(scraped).to.include('skupper_webhook_cluster_cache_synced{resource="listeners"} 0');
        expect(await metrics.registry.getSingleMetricAsString('skupper_webhook_cluster_cache_failures_total')).to.match(/\{resource="services"\} [1-9]/);

        api.put(attachedConnector('east', 'backend', 'west'));
        await api.start();
        await allSynced();
        expect(cache.attachedConnector('east', 'backend')).to.deep.equal({ siteNamespace: 'west' });
        expect(await metrics.registry.getSingleMetricAsString('skupper_webhook_cluster_cache_synced')).to.include('skupper_webhook_cluster_cache_synced{resource="attachedconnectors"} 1');
        expect(readiness.report().lines).to.deep.equal([
          '[+]attached-connector-cache ok: synced, 2 AttachedConnectors',
          '[+]listener-cache ok: synced, 1 Listener',
          '[+]multi-key-listener-cache ok: synced, 0 MultiKeyListeners',
          '[+]service-cache ok: synced, 0 Services',
        ]);
      });
    });
  });

  context('when the informers are due for their periodic relist', () => {
    it('list again and stay synced throughout', async () => {
      await cache.stop();
      cache = new ClusterCache(loadKubeConfig(api.kubeconfig).config, { backoff: FAST_BACKOFF, relistIntervalMs: 50 });
      cache.start();
      await allSynced();
      let unsynced = false;
      const watch = setInterval(() => (unsynced ||= !cache.synced()), 1);
      await eventually(() => Object.values(COLLECTIONS).every((path) => (api.listsOf.get(path) ?? 0) >= 3), 'two relists of each');
      clearInterval(watch);
      expect(unsynced).to.equal(false);
      // Relists go on every 50 ms, so a watch may be mid-replacement at any instant; a leak of the
      // replaced ones would hold at least two per collection after these relists, and never fall back.
      await eventually(() => api.watching <= WATCHED_COLLECTIONS, 'the replaced watches are closed', 10_000);
    });
  });

  context('when the API server cannot be reached from the start', () => {
    it('stays unsynced, says why, and syncs once it can list', async () => {
      await api.kill();
      const failures = new Map<ClusterPart, Error>();
      cache.on('error', (part, error) => failures.set(part, error));
      cache.start();
      await eventually(() => failures.size === WATCHED_COLLECTIONS, 'every part fails');
      expect(failures.get('multikeylisteners')?.message).to.equal('listing MultiKeyListeners');
      expect(cache.synced('attachedconnectors')).to.equal(false);
      const status = cache.statuses().find((s) => s.part === 'services')!;
      expect(status.state).to.equal('starting');
      expect(status.lastError).to.match(/^listing Services: .*ECONNREFUSED/);
      await api.start();
      await allSynced();
      expect(cache.statuses().map((s) => s.lastError)).to.deep.equal([undefined, undefined, undefined, undefined]);
    });
  });

  context('when lists succeed but every watch is refused', () => {
    it('backs each part off further on each failure instead of relisting at the first delay', async () => {
      api.forbidWatches = true;
      const delays: number[] = [];
      const messages: string[] = [];
      cache.on('error', (part, error, retryInMs) => {
        if (part !== 'listeners') return;
        delays.push(retryInMs);
        messages.push(error.message);
      });
      cache.start();
      await eventually(() => delays.length >= 4, 'four failures');
      expect(delays.slice(0, 4)).to.deep.equal([20, 40, 80, 100]);
      expect(messages[0]).to.equal('watching Listeners');
      expect(cache.statuses().find((s) => s.part === 'listeners')?.lastError).to.equal('watching Listeners: Forbidden');
    });
  });

  context('once stopped', () => {
    it('is not synced and cannot start again', async () => {
      cache.start();
      await allSynced();
      await cache.stop();
      expect(cache.synced()).to.equal(false);
      expect(() => cache.start()).to.throw(/cannot be started again/);
    });
  });
});
