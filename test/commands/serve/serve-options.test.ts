/**
 * End-to-end tests of how `skupper-webhook serve` reads its options: the
 * built CLI in a child process, given its certificate with --tls-cert and
 * --tls-key (reloaded when the files change, refused when wrong) and
 * configured through SKUPPER_WEBHOOK_* environment variables.
 * test/support/serve-process.ts starts it and talks to it.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import { validMultiKeyListener } from '../../fixtures/cases/multi-key-listener.js';
import { requestFor, reviewFor, validListener } from '../../fixtures/reviews.js';
import { runCli, runCliInProcess, type CliRun } from '../../support/run-cli.js';
import { freePort, get, metric, review, serve, useTemporaryCwd, writeServingPair } from '../../support/serve-process.js';
import { testCertificates } from '../../support/test-certificates.js';

/** run runs the CLI to its end. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd, env: { ...process.env, ...env } });
}

/** servedSerial opens a fresh TLS connection and returns the serial of the certificate served. */
async function servedSerial(port: number, ca: string[]): Promise<string> {
  const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca });
  try {
    await once(socket, 'secureConnect');
    return socket.getPeerX509Certificate()!.serialNumber;
  } finally {
    socket.destroy();
  }
}

/** replaceFile swaps content in under path at once, as the certs command and the kubelet do. */
async function replaceFile(path: string, content: string): Promise<void> {
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
}

describe('skupper-webhook serve', () => {
  const cwd = useTemporaryCwd();

  describe('with --tls-cert and --tls-key, when the files change', () => {
    it('keeps serving through a bad file, then serves the new pair, logging and counting both', async () => {
      const dir = await mkdtemp(join(cwd(), 'rotating-'));
      const [first, second] = await Promise.all([testCertificates('localhost'), testCertificates('another')]);
      const cert = join(dir, 'tls.crt');
      const key = join(dir, 'tls.key');
      await writeFile(cert, first!.tlsCert);
      await writeFile(key, first!.tlsKey);
      const ca = [first!.caCert, second!.caCert];
      const server = await serve(['--tls-cert', cert, '--tls-key', key, '--cert-reload-interval', '0.05', '--metrics-port', String(await freePort())], cwd()).listening();
      try {
        const loaded = await server.line((l) => l['msg'] === 'serving certificate loaded', 'loaded');
        expect(await servedSerial(server.webhookPort, ca)).to.equal(loaded['serial']);

        await replaceFile(cert, 'garbage\n');
        const failure = await server.line((l) => l['msg']?.startsWith('certificate reload failed'), 'about the failure');
        expect(failure).to.include({ level: 'warn' });
        expect(failure['error']).to.match(/^parsing .*tls\.crt: /);
        expect(await servedSerial(server.webhookPort, ca)).to.equal(loaded['serial']);
        expect(metric((await get(server.metricsPort, '/metrics')).body, 'skupper_webhook_certificate_reload_failures_total')).to.be.at.least(1);
        expect((await get(server.metricsPort, '/readyz')).status).to.equal(200);

        await replaceFile(key, second!.tlsKey);
        await replaceFile(cert, second!.tlsCert);
        const reloaded = await server.line((l) => l['msg'] === 'serving certificate reloaded', 'reloaded');
        expect(reloaded['serial']).not.to.equal(loaded['serial']);
        expect(await servedSerial(server.webhookPort, ca)).to.equal(reloaded['serial']);
        const metrics = (await get(server.metricsPort, '/metrics')).body;
        expect(metric(metrics, 'skupper_webhook_certificate_reloads_total')).to.equal(1);
        expect(metric(metrics, 'skupper_webhook_certificate_expiry_timestamp_seconds')).to.equal(Date.parse(reloaded['not_after']) / 1000);
      } finally {
        server.kill();
      }
    });
  });

  context('when the certificate flags are wrong', () => {
    let certs: string;

    before(async () => {
      certs = await mkdtemp(join(cwd(), 'given-'));
      const expired = await testCertificates('expired');
      await writeFile(join(certs, 'expired.crt'), expired.tlsCert);
      await writeFile(join(certs, 'expired.key'), expired.tlsKey);
    });

    // Refusals of one flag alone, a missing file and a file that is not PEM are resolveCertificateFiles's and
    // FileCertificateSource's (serve-runtime.test.ts, certificate-source-loading.test.ts); serve reports each
    // as it reports these two: one line, exit 2.
    const cases: Array<[string, (dir: string) => string[], RegExp, ((dir: string) => Record<string, string>)?]> = [
      ['only the key, from SKUPPER_WEBHOOK_TLS_KEY', () => [], /^skupper-webhook: error: --tls-key needs --tls-cert/, (dir) => ({ SKUPPER_WEBHOOK_TLS_KEY: join(dir, 'expired.key') })],
      ['an expired certificate', (dir) => ['--tls-cert', join(dir, 'expired.crt'), '--tls-key', join(dir, 'expired.key')], /^skupper-webhook: error: serving certificate: the certificate in .*expired\.crt expired at 20/],
    ];
    for (const [rule, args, message, env] of cases) {
      it(`exits 2 with one line on stderr: ${rule}`, async () => {
        const result = await run(['serve', '--port', '0', '--metrics-port', '0', ...args(certs)], cwd(), env?.(certs));
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(message);
        expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
        expect(result.stderr).not.to.match(/\n\s+at /);
      });
    }
  });

  /**
   * A lone --tls-cert stops the command right after it logs its configuration,
   * which these runs read: one with a value in each variable and flag, one
   * with the variables unset or saying nothing. The tables of values are the
   * parsers' (serve.test.ts, option-parsers.test.ts); here, that serve reads them.
   */
  context('when only its configuration is logged', () => {
    let given: Record<string, unknown>;
    let unset: Record<string, unknown>;

    before(async () => {
      const [withValues, withoutValues] = await Promise.all([
        run(['serve', '--cert-reload-interval', '2147483', '--tls-cert', 'x'], cwd(), { SKUPPER_WEBHOOK_KUBE: 'yes', SKUPPER_WEBHOOK_PORT: '9443' }),
        // A Kubernetes service link's tcp://10.96.0.10:443 in SKUPPER_WEBHOOK_PORT is ignored.
        run(['serve', '--tls-cert', 'x'], cwd(), { SKUPPER_WEBHOOK_KUBE: 'No', SKUPPER_WEBHOOK_PORT: 'tcp://10.96.0.10:443' }),
      ]);
      for (const result of [withValues, withoutValues]) expect(result.code, result.stderr).to.equal(2);
      given = JSON.parse(withValues.stdout.split('\n')[0]!).config;
      unset = JSON.parse(withoutValues.stdout.split('\n')[0]!).config;
    });

    it('reads SKUPPER_WEBHOOK_KUBE "yes" as true and "No" as false', () => {
      expect([given['kube'], unset['kube']]).to.deep.equal([true, false]);
    });

    it("listens on SKUPPER_WEBHOOK_PORT's port, and on 8443 for a Kubernetes service link's tcp://10.96.0.10:443", () => {
      expect([given['port'], unset['port']]).to.deep.equal([9443, 8443]);
    });

    it('takes --cert-reload-interval 2147483, the longest a Node timer holds', () => {
      expect(given['certReloadIntervalSeconds']).to.equal(2147483);
    });

    it('validates Service names strictly without SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION', () => {
      expect(unset['serviceNameValidation']).to.equal('strict');
    });
  });

  context('when SKUPPER_WEBHOOK_KUBE is set to something else', () => {
    it('refuses it with one line and exit 2, rather than quietly leave --kube off', async () => {
      const result = await run(['serve', '--tls-cert', 'x'], cwd(), { SKUPPER_WEBHOOK_KUBE: 'maybe' });
      expect(result).to.deep.equal({ code: 2, stdout: '', stderr: 'skupper-webhook: error: SKUPPER_WEBHOOK_KUBE must be true, 1, yes, false, 0 or no, not "maybe"\n' });
    });
  });

  context('when a duration is too long for a Node timer', () => {
    // Node runs a timer longer than 2^31-1 ms (about 24.8 days) after 1 ms, with a warning:
    // --cert-reload-interval 3000000 would re-read the files a thousand times a second.
    for (const flag of ['--cert-reload-interval', '--shutdown-delay', '--shutdown-timeout']) {
      it(`refuses ${flag} 2147484 with one line and exit 2`, async () => {
        const result = await runCliInProcess(['serve', flag, '2147484', '--tls-cert', 'x']);
        expect(result).to.deep.equal({ code: 2, stdout: '', stderr: `error: option '${flag} <seconds>' argument '2147484' is invalid. must be a number of seconds from 0 to 2147483\n` });
      });
    }
  });

  context('when SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION is set', () => {
    const ENV = 'SKUPPER_WEBHOOK_SERVICE_NAME_VALIDATION';

    /** hostReview is the AdmissionReview of a valid Listener or MultiKeyListener but for its host. */
    function hostReview(host: string, valid: () => Record<string, any> = validListener): string {
      const object = valid();
      object['spec'].host = host;
      return JSON.stringify(reviewFor(requestFor(object)));
    }

    it('with relaxed, admits a host with a leading digit and names the relaxed rule in a denial, for Listeners and MultiKeyListeners', async () => {
      const pair = await writeServingPair(join(cwd(), 'relaxed'));
      const server = await serve([...pair.flags, '--metrics-port', String(await freePort()), '--shutdown-delay', '0'], cwd(), { env: { ...process.env, [ENV]: 'relaxed' } }).listening();
      const agent = new https.Agent({ ca: pair.ca });
      try {
        expect(server.lines[0]!['config'].serviceNameValidation).to.equal('relaxed');
        for (const valid of [validListener, validMultiKeyListener]) {
          const admitted = JSON.parse((await review(server.webhookPort, agent, '/validate', hostReview('1db', valid))).body).response;
          expect(admitted, valid().kind).to.include({ allowed: true });
          const denied = JSON.parse((await review(server.webhookPort, agent, '/validate', hostReview('Db', valid))).body).response;
          expect(denied.status.details.causes[0].message, valid().kind).to.match(/: a Service name must be a DNS-1123 label \(--service-name-validation=relaxed, for clusters with RelaxedServiceNameValidation\): /);
        }
      } finally {
        agent.destroy();
        server.kill();
      }
    });

    it('refuses another rule with one line and exit 2', async () => {
      const result = await run(['serve', '--tls-cert', 'x'], cwd(), { [ENV]: 'lenient' });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(`error: option '--service-name-validation <rule>' value 'lenient' from env '${ENV}' is invalid. Allowed choices are strict, relaxed.\n`);
    });
  });
});
