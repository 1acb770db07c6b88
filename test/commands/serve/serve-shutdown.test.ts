/**
 * End-to-end tests of how `skupper-webhook serve` runs and stops: the built
 * CLI in a child process with development certificates, reached over real
 * HTTPS with the CA it generated, put under load and stopped with real
 * signals. test/support/serve-process.ts starts it and talks to it.
 */
import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { join } from 'node:path';
import { requestFor, reviewFor, validBinding, validListener } from '../../fixtures/reviews.js';
import { KeepAliveLoad } from '../../support/keep-alive-load.js';
import { BINDING_REVIEW, freePort, get, metric, review, type Serve, serve, sleep, useTemporaryCwd, writeServingPair } from '../../support/serve-process.js';
import { testCertificates } from '../../support/test-certificates.js';

describe('skupper-webhook serve', () => {
  const cwd = useTemporaryCwd();

  describe('with development certificates, under load, on SIGTERM', () => {
    let server: Serve;
    let agent: https.Agent;

    before(async () => {
      server = await serve(['--metrics-port', String(await freePort()), '--shutdown-delay', '0.5', '--shutdown-timeout', '5'], cwd()).listening();
      agent = new https.Agent({ ca: await readFile(join(cwd(), 'certs', 'ca.crt')), keepAlive: true, maxSockets: 8 });
    });

    after(() => {
      agent.destroy();
      server.kill();
    });

    it('makes development certificates in ./certs and logs the CA to trust and the certificate it serves', async () => {
      const dev = await server.line((l) => l['ca_file'] !== undefined, 'naming the CA');
      expect(dev).to.include({ level: 'info', ca_file: join(cwd(), 'certs', 'ca.crt'), generated: true });
      const loaded = await server.line((l) => l['msg'] === 'serving certificate loaded', 'about the certificate');
      expect(loaded['serial']).to.match(/^[0-9A-F]{32}$/);
      expect(Date.parse(loaded['not_after'])).to.be.above(Date.now());
      expect(server.lines[0]).to.deep.include({ msg: 'starting' });
      expect(server.lines[0]!['config']).to.include({ port: 0, host: '127.0.0.1', kube: false, shutdownDelaySeconds: 0.5 });
    });

    it('answers reviews, logs denials and bad requests, and counts every review in /metrics', async () => {
      const denied = validBinding();
      denied['spec'].connectorNamespace = 'west';
      const answers = await Promise.all([
        review(server.webhookPort, agent, '/validate', BINDING_REVIEW),
        review(server.webhookPort, agent, '/mutate', JSON.stringify(reviewFor(requestFor(validListener())))),
        review(server.webhookPort, agent, '/validate', 'not json'),
        review(server.webhookPort, agent, '/validate', JSON.stringify(reviewFor(requestFor(denied, { operation: 'UPDATE' })))),
      ]);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 400, 200]);
      const line = await server.line((l) => l['msg'] === 'admission review' && l['webhook'] === 'validate', 'for the denial');
      expect(line).to.include({ level: 'info', kind: 'AttachedConnectorBinding', namespace: 'west', name: 'backend', operation: 'UPDATE', allowed: false, code: 422 });
      await server.line((l) => l['msg'] === 'malformed admission request' && l['reason'] === 'invalid_json', 'for the malformed request');
      // Admissions without warnings are logged at debug, below the default level.
      expect(server.lines.filter((l) => l['msg'] === 'admission review' && l['allowed'] === true)).to.deep.equal([]);

      const metrics = await get(server.metricsPort, '/metrics');
      expect(metric(metrics.body, 'skupper_webhook_admission_requests_total{webhook="validate",kind="AttachedConnectorBinding",operation="CREATE",outcome="allowed",dry_run="false"}')).to.equal(1);
      expect(metric(metrics.body, 'skupper_webhook_admission_requests_total{webhook="mutate",kind="Listener",operation="CREATE",outcome="allowed",dry_run="false"}')).to.equal(1);
      expect(metric(metrics.body, 'skupper_webhook_admission_patches_total{kind="Listener"}')).to.equal(1);
      expect(metric(metrics.body, 'skupper_webhook_admission_malformed_requests_total{webhook="validate",reason="invalid_json"}')).to.equal(1);
      expect(metric(metrics.body, 'skupper_webhook_certificate_expiry_timestamp_seconds')).to.equal(Date.parse(server.lines.find((l) => l['not_after'])!['not_after']) / 1000);
      expect(metric(metrics.body, 'process_cpu_seconds_total')).to.be.a('number');
      expect(await get(server.metricsPort, '/readyz?verbose')).to.include({ status: 200, body: '[+]certificate ok\n[+]schemas ok\n[+]shutdown ok\nreadyz check passed\n' });
    });

    it('fails /readyz at once, serves through the delay, finishes in-flight requests, fails none, and exits 0', async () => {
      let stop = false;
      let unreadyAt: number | undefined;
      const outcomes: Array<{ at: number; ok: boolean; error?: string }> = [];
      const worker = async () => {
        while (!stop) {
          try {
            const answer = await review(server.webhookPort, agent, '/validate', BINDING_REVIEW);
            outcomes.push({ at: Date.now(), ok: answer.status === 200 && JSON.parse(answer.body).response.allowed === true });
          } catch (e) {
            outcomes.push({ at: Date.now(), ok: false, error: String(e) });
          }
        }
      };
      const poller = (async () => {
        while (unreadyAt === undefined) {
          if ((await get(server.metricsPort, '/readyz')).status === 503) unreadyAt = Date.now();
          else await sleep(10);
        }
      })();
      const workers = Array.from({ length: 8 }, worker);
      await sleep(200);

      server.child.kill('SIGTERM');
      await poller;
      // Clients keep sending a little while, as API servers do until the endpoints update, then stop.
      // One last request starts now and finishes its body only after the drain has begun.
      const late = review(server.webhookPort, agent, '/validate', BINDING_REVIEW, 700);
      await sleep(150);
      stop = true;
      await Promise.all(workers);

      const lateAnswer = await late;
      expect(await server.exited).to.equal(0);
      expect(outcomes.filter((o) => !o.ok)).to.deep.equal([]);
      expect(outcomes.filter((o) => o.at > unreadyAt!).length).to.be.above(0, 'requests answered after /readyz turned 503');
      expect(lateAnswer.status).to.equal(200);
      expect(lateAnswer.headers.connection).to.equal('close');
      const exiting = await server.line((l) => l['msg'] === 'exiting', 'on exit');
      expect(exiting).to.include({ drained: true });
      expect(server.lines.map((l) => l['msg']).filter((m) => m !== 'admission review').slice(-3)).to.deep.equal([
        'shutting down: /readyz now fails; serving on through the delay',
        'draining: answering with Connection: close; closing each connection once quiet',
        'exiting',
      ]);
      expect(server.stderr).to.equal('');
    });
  });

  describe('under keep-alive load through the whole drain, on SIGTERM', () => {
    // Twenty connections kept busy, as the API server keeps its pool, from before the signal until well into the drain.
    it('answers every request, resets no connection, and exits 0 drained', async () => {
      const server = await serve(['--metrics-port', String(await freePort()), '--shutdown-delay', '0.5', '--shutdown-timeout', '15'], cwd()).listening();
      try {
        const load = new KeepAliveLoad({ port: server.webhookPort, ca: await readFile(join(cwd(), 'certs', 'ca.crt')), body: BINDING_REVIEW, connections: 20 });
        while (load.sent < 200) await sleep(20);
        server.child.kill('SIGTERM');
        await server.line((l) => l['msg']?.startsWith('draining'), 'draining');
        const atDrain = load.sent;
        await sleep(1_500);
        const result = await load.stop();

        expect(result.socketErrors, 'socket errors').to.deep.equal([]);
        expect(result.statuses, 'answers other than 200').to.deep.equal([]);
        expect(result.answered - atDrain, 'answered during the drain').to.be.above(20);
        expect(result.closedByAnswer, 'answers that said Connection: close').to.be.above(20);
        expect(await server.exited).to.equal(0);
        expect(await server.line((l) => l['msg'] === 'exiting', 'on exit')).to.include({ drained: true });
      } finally {
        server.kill();
      }
    });
  });

  // One server for both: SIGHUP first, then the shutdown that --shutdown-delay 30 holds open for a second signal.
  describe('with --tls-cert, no polling and a long --shutdown-delay', () => {
    let dir: string;
    let server: Serve;
    before(async () => {
      dir = join(cwd(), 'hup');
      const pair = await writeServingPair(dir);
      server = await serve([...pair.flags, '--cert-reload-interval', '0', '--shutdown-delay', '30', '--metrics-port', String(await freePort())], cwd()).listening();
    });

    after(() => server.kill());

    it('re-reads the serving certificate at once on SIGHUP, keeps serving, and keeps the old pair when the new files are bad', async () => {
      const firstSerial = (await server.line((l) => l['msg'] === 'serving certificate loaded', 'loaded'))['serial'];
      await writeServingPair(dir, 'another');
      server.child.kill('SIGHUP');
      await server.line((l) => l['msg'] === 're-reading the serving certificate', 're-reading');
      const reloaded = await server.line((l) => l['msg'] === 'serving certificate reloaded', 'reloaded');
      expect(reloaded['serial']).not.to.equal(firstSerial);

      await writeFile(join(dir, 'tls.crt'), 'not a certificate');
      server.child.kill('SIGHUP');
      expect(await server.line((l) => l['msg']?.startsWith('certificate reload failed'), 'the failure')).to.include({ level: 'warn', signal: 'SIGHUP' });
      // Still the pair the first SIGHUP loaded.
      const agent = new https.Agent({ ca: (await testCertificates('another')).caCert, keepAlive: false });
      expect((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).status).to.equal(200);
      expect(server.child.exitCode).to.equal(null);
      expect(metric((await get(server.metricsPort, '/metrics')).body, 'skupper_webhook_certificate_reload_failures_total')).to.equal(1);
    });

    it('exits at once with 143 when a second signal arrives during the shutdown', async () => {
      server.child.kill('SIGTERM');
      await server.line((l) => l['msg']?.startsWith('shutting down'), 'shutting down');
      const started = Date.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).to.equal(143);
      expect(Date.now() - started).to.be.below(2_000);
    });
  });
});
