/**
 * End-to-end tests of `skupper-webhook serve --kube`: the built CLI in a
 * child process, watching the cluster cache's resources on a fake API server and
 * reached over real HTTPS with the CA it generated.
 * test/support/serve-process.ts starts it and talks to it.
 */
import { expect } from 'chai';
import https from 'node:https';
import { join } from 'node:path';
import { requestFor, reviewFor, validBinding, validListener } from '../../fixtures/reviews.js';
import { attachedConnector, FakeKubeApi, service, WATCHED_COLLECTIONS } from '../../kube/fake-kube-api.js';
import { runCli } from '../../support/run-cli.js';
import { BINDING_REVIEW, freePort, get, metric, review, type Serve, serve, sleep, useTemporaryCwd, writeServingPair } from '../../support/serve-process.js';

describe('skupper-webhook serve', () => {
  const cwd = useTemporaryCwd();

  describe('with --kube', () => {
    let api: FakeKubeApi;
    let server: Serve;
    let agent: https.Agent;

    before(async () => {
      api = new FakeKubeApi();
      await api.start();
      api.seed(attachedConnector('east', 'other', 'west'));
      api.seed(service('hello-world-west', 'backend'));
      const pair = await writeServingPair(cwd());
      server = await serve([...pair.flags, '--kube', '--kubeconfig', api.kubeconfig, '--metrics-port', String(await freePort()), '--shutdown-delay', '0'], cwd()).listening();
      agent = new https.Agent({ ca: pair.ca, keepAlive: true });
      let synced = 0;
      await server.line((l) => l['msg'] === 'cluster cache synced' && ++synced === WATCHED_COLLECTIONS, 'every part synced');
    });

    after(async () => {
      agent.destroy();
      server.kill();
      await api.close();
    });

    it('warns about a binding with no AttachedConnector, and stops warning once one exists', async () => {
      const before = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
      expect(before.allowed).to.equal(true);
      expect(before.warnings).to.deep.equal(['no AttachedConnector "backend" exists in namespace "east" yet: the binding does nothing, and its site reports "No matching AttachedConnector", until one is created there']);
      api.put(attachedConnector('east', 'backend', 'west'));
      for (let tries = 0; ; tries++) {
        const after = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
        if (after.warnings === undefined) break;
        if (tries > 100) throw new Error('the warning never went away');
        await sleep(20);
      }
      const readyz = await get(server.metricsPort, '/readyz?verbose');
      expect(readyz.body).to.include('[+]attached-connector-cache ok: synced, 2 AttachedConnectors\n');
      expect(readyz.body).to.include('[+]service-cache ok: synced, 1 Service\n');
      expect(metric((await get(server.metricsPort, '/metrics')).body, 'skupper_webhook_cluster_cache_synced{resource="attachedconnectors"}')).to.equal(1);
    });

    it('warns about a Listener whose host names a Service Skupper did not make', async () => {
      const answer = JSON.parse((await review(server.webhookPort, agent, '/validate', JSON.stringify(reviewFor(requestFor(validListener()))))).body).response;
      expect(answer.allowed).to.equal(true);
      expect(answer.warnings).to.deep.equal([
        'Service "backend" already exists in namespace "hello-world-west" and Skupper did not create it (it has no internal.skupper.io/listener label): Skupper leaves it alone, does not expose this Listener, and sets its status to "Service backend already exists in namespace"',
      ]);
    });

    it('keeps admitting and stays ready when the API server goes away, saying the cache is stale', async () => {
      await api.kill();
      await server.line((l) => l['msg']?.startsWith('cluster cache failed'), 'about the failure');
      const answer = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
      expect(answer).to.deep.equal({ uid: requestFor(validBinding()).uid, allowed: true });
      const readyz = await get(server.metricsPort, '/readyz?verbose');
      expect(readyz.status).to.equal(200);
      expect(readyz.body).to.match(/\[\+\]attached-connector-cache ok: stale since .*admission unaffected\)\n/);
      const metrics = (await get(server.metricsPort, '/metrics')).body;
      expect(metric(metrics, 'skupper_webhook_cluster_cache_synced{resource="attachedconnectors"}')).to.equal(0);
      expect(metric(metrics, 'skupper_webhook_cluster_cache_failures_total{resource="attachedconnectors"}')).to.be.at.least(1);
      server.child.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
    });
  });

  context('with --kube and no cluster to watch', () => {
    // Every other kubeconfig loadKubeConfig refuses (kube-config.test.ts) is reported the same way.
    it('exits 2 in one line: no kubeconfig anywhere, and not in a pod', async () => {
      // Only PATH and HOME: no $KUBECONFIG, no ~/.kube/config, not in a pod.
      const { flags } = await writeServingPair(cwd());
      const result = await runCli(['serve', ...flags, '--kube', '--port', '0', '--metrics-port', '0'], { cwd: cwd(), env: { HOME: cwd() } });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(
        `skupper-webhook: error: --kube: no kubeconfig: $KUBECONFIG is unset, ${join(cwd(), '.kube', 'config')} does not exist and this is not a pod with a service account; pass --kubeconfig or set $KUBECONFIG\n`,
      );
    });
  });
});
