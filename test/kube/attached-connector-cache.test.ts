import { expect } from 'chai';
import { once } from 'node:events';
import { createWebhooks, type Webhooks } from '../../src/admission/webhooks.js';
import { AttachedConnectorCache } from '../../src/kube/attached-connector-cache.js';
import { CacheReadiness } from '../../src/kube/cache-readiness.js';
import { loadKubeConfig } from '../../src/kube/kube-config.js';
import { WebhookMetrics } from '../../src/server/metrics.js';
import { requestFor, reviewFor, validBinding } from '../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { attachedConnector, FakeKubeApi } from './fake-kube-api.js';

/** FAST_BACKOFF restarts within tens of milliseconds, to keep the tests quick. */
const FAST_BACKOFF = { initialMs: 20, maxMs: 100, jitter: 0 };

async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** warningsFor validates the fixture binding "backend" in west, bound to connectors in east. */
function warningsFor(webhooks: Webhooks): string[] {
  const response = webhooks.validate(requestFor(validBinding()));
  expect(response.allowed).to.equal(true);
  return response.warnings ?? [];
}

describe('AttachedConnectorCache', () => {
  let api: FakeKubeApi;
  let cache: AttachedConnectorCache;
  let webhooks: Webhooks;

  beforeEach(async () => {
    api = new FakeKubeApi();
    await api.start();
    cache = new AttachedConnectorCache(loadKubeConfig(api.kubeconfig).config, { backoff: FAST_BACKOFF });
    webhooks = createWebhooks({ clusterState: cache });
  });

  afterEach(async () => {
    await cache.stop();
    await api.close();
  });

  context('before the first list has answered', () => {
    it('is not synced and lets the binding rules stay silent', async () => {
      let release!: () => void;
      api.holdLists = new Promise((resolve) => (release = resolve));
      cache.start();
      await eventually(() => api.lists === 1, 'the list is requested');
      expect(cache.synced()).to.equal(false);
      expect(cache.status().state).to.equal('starting');
      expect(warningsFor(webhooks)).to.deep.equal([]);
      release();
      await once(cache, 'synced');
      expect(cache.synced()).to.equal(true);
    });
  });

  context('once synced', () => {
    beforeEach(async () => {
      api.seed(attachedConnector('elsewhere', 'other', 'west'));
      cache.start();
      await once(cache, 'synced');
      await eventually(() => api.watching === 1, 'the watch is open');
    });

    it('holds what the list returned', () => {
      expect(cache.size).to.equal(1);
      expect(cache.attachedConnector('elsewhere', 'other')).to.deep.equal({ siteNamespace: 'west' });
      expect(cache.attachedConnector('east', 'backend')).to.equal(undefined);
    });

    it('answers for an AttachedConnector after its ADDED event', async () => {
      api.put(attachedConnector('east', 'backend', 'west'));
      await eventually(() => cache.attachedConnector('east', 'backend') !== undefined, 'the ADDED event is applied');
      expect(cache.attachedConnector('east', 'backend')).to.deep.equal({ siteNamespace: 'west' });
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
        metrics.trackClusterCache(cache);
        const readiness = new CacheReadiness(() => cache.status());
        const failed = once(cache, 'error');
        await api.kill();
        const [error] = (await failed) as [Error];
        expect(error.name).to.equal('ClusterCacheError');
        expect(cache.synced()).to.equal(false);
        expect(cache.status().state).to.equal('stale');

        const answer = await server.review('/validate', reviewFor(requestFor(validBinding())));
        expect(answer.status).to.equal(200);
        expect((answer.json as any).response.allowed).to.equal(true);
        expect((answer.json as any).response).not.to.have.property('warnings');

        const report = readiness.report();
        expect(report.ready).to.equal(true);
        expect(report.lines.at(-1)).to.match(
          /^\[\+\]attached-connector-cache ok: stale since \S+: (watching|listing) AttachedConnectors: .+; retrying in \d+s \(binding warnings paused; admission unaffected\)$/,
        );
        expect(await metrics.registry.getSingleMetricAsString('skupper_webhook_attached_connector_cache_synced')).to.match(/ 0$/);

        api.put(attachedConnector('east', 'backend', 'west'));
        await api.start();
        await eventually(() => cache.synced(), 'the cache resyncs');
        expect(cache.attachedConnector('east', 'backend')).to.deep.equal({ siteNamespace: 'west' });
        expect(await metrics.registry.getSingleMetricAsString('skupper_webhook_attached_connector_cache_synced')).to.match(/ 1$/);
        expect(readiness.report().lines.at(-1)).to.equal('[+]attached-connector-cache ok: synced, 2 AttachedConnectors');
      });
    });
  });

  context('when the informer is due for its periodic relist', () => {
    it('lists again and stays synced throughout', async () => {
      await cache.stop();
      cache = new AttachedConnectorCache(loadKubeConfig(api.kubeconfig).config, { backoff: FAST_BACKOFF, relistIntervalMs: 50 });
      cache.start();
      await once(cache, 'synced');
      let unsynced = false;
      const watch = setInterval(() => (unsynced ||= !cache.synced()), 1);
      await eventually(() => api.lists >= 3, 'two relists');
      clearInterval(watch);
      expect(unsynced).to.equal(false);
      await eventually(() => api.watching === 1, 'the replaced watches are closed');
    });
  });

  context('when the API server cannot be reached from the start', () => {
    it('stays unsynced, says why, and syncs once it can list', async () => {
      await api.kill();
      const failed = once(cache, 'error');
      cache.start();
      const [error] = (await failed) as [Error];
      expect(error.message).to.equal('listing AttachedConnectors');
      expect(cache.synced()).to.equal(false);
      expect(cache.status()).to.include({ state: 'starting' });
      expect(cache.status().lastError).to.match(/^listing AttachedConnectors: .*ECONNREFUSED/);
      await api.start();
      await once(cache, 'synced');
      expect(cache.status()).to.not.have.property('lastError');
    });
  });

  context('when lists succeed but every watch is refused', () => {
    it('backs off further on each failure instead of relisting at the first delay', async () => {
      api.forbidWatches = true;
      const delays: number[] = [];
      const messages: string[] = [];
      cache.on('error', (error, retryInMs) => {
        delays.push(retryInMs);
        messages.push(error.message);
      });
      cache.start();
      await eventually(() => delays.length >= 4, 'four failures');
      expect(delays.slice(0, 4)).to.deep.equal([20, 40, 80, 100]);
      expect(messages[0]).to.equal('watching AttachedConnectors');
      expect(cache.status().lastError).to.equal('watching AttachedConnectors: Forbidden');
    });
  });

  context('once stopped', () => {
    it('is not synced and cannot start again', async () => {
      cache.start();
      await once(cache, 'synced');
      await cache.stop();
      expect(cache.synced()).to.equal(false);
      expect(() => cache.start()).to.throw(/cannot be started again/);
    });
  });
});
