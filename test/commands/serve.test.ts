/**
 * End-to-end tests of `skupper-webhook serve`: the built CLI in a child
 * process, reached over real HTTPS with the CA it generated (or was given),
 * and stopped with real signals.
 */
import { expect } from 'chai';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { generateCertificates } from '../../src/tls/generate.js';
import { requestFor, reviewFor, validBinding, validListener } from '../fixtures/reviews.js';
import { attachedConnector, FakeKubeApi } from '../kube/fake-kube-api.js';
import { CLI, runCli, type CliRun } from '../support/run-cli.js';

const BINDING_REVIEW = JSON.stringify(reviewFor(requestFor(validBinding())));

type LogLine = Record<string, any>;

/** Serve is a running `serve` child and what it has said so far. */
class Serve {
  readonly lines: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  webhookPort = 0;
  metricsPort = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as LogLine);
      for (const wake of this.waiters) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  /** line waits for the first log line matching predicate. */
  async line(predicate: (line: LogLine) => boolean, what: string, timeoutMs = 10_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`no log line ${what}; stderr: ${this.stderr}; stdout: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  }

  /** listening waits for both listeners and learns their ports. */
  async listening(): Promise<this> {
    this.webhookPort = (await this.line((l) => l['msg'] === 'listening' && l['server'] === 'webhook', 'listening (webhook)'))['port'];
    this.metricsPort = (await this.line((l) => l['msg'] === 'listening' && l['server'] === 'metrics', 'listening (metrics)'))['port'];
    return this;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function serve(args: string[], cwd: string): Serve {
  return new Serve(spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-format', 'json', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] }));
}

/** run runs the CLI to its end. */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd, env: { ...process.env, ...env } });
}

/** freePort finds a port nobody listens on (`--metrics-port 0` turns the listener off rather than picking one). */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage, resolve: (answer: Answer) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
}

/** review posts an AdmissionReview over HTTPS; bodyDelayMs holds all but its first byte back that long. */
function review(port: number, agent: https.Agent, path: '/validate' | '/mutate', body: string, bodyDelayMs = 0): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => collect(res, resolve),
    );
    req.on('error', reject);
    if (bodyDelayMs === 0) req.end(body);
    else {
      req.write(body.slice(0, 1));
      setTimeout(() => req.end(body.slice(1)), bodyDelayMs);
    }
  });
}

/** get fetches a path from the plain-HTTP metrics listener. */
function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => collect(res, resolve)).on('error', reject);
  });
}

/** metric reads one sample from /metrics text ("name{labels} value"). */
function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('skupper-webhook serve', () => {
  let cwd: string;

  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'serve-command-test-'));
  });

  after(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  describe('with development certificates, under load, on SIGTERM', () => {
    let server: Serve;
    let agent: https.Agent;

    before(async () => {
      server = await serve(['--metrics-port', String(await freePort()), '--shutdown-delay', '0.5', '--shutdown-timeout', '5'], cwd).listening();
      agent = new https.Agent({ ca: await readFile(join(cwd, 'certs', 'ca.crt')), keepAlive: true, maxSockets: 8 });
    });

    after(() => {
      agent.destroy();
      server.kill();
    });

    it('makes development certificates in ./certs and logs the CA to trust and the certificate it serves', async () => {
      const dev = await server.line((l) => l['ca_file'] !== undefined, 'naming the CA');
      expect(dev).to.include({ level: 'info', ca_file: join(cwd, 'certs', 'ca.crt'), generated: true });
      const loaded = await server.line((l) => l['msg'] === 'serving certificate loaded', 'about the certificate');
      expect(loaded['serial']).to.match(/^[0-9A-F]{32}$/);
      expect(Date.parse(loaded['not_after'])).to.be.above(Date.now());
      expect(server.lines[0]).to.deep.include({ msg: 'starting' });
      expect(server.lines[0]!['config']).to.include({ port: 0, host: '127.0.0.1', kube: false, shutdownDelaySeconds: 0.5 });
    });

    it('answers reviews, logs each one, and counts them in /metrics', async () => {
      const answers = await Promise.all([
        review(server.webhookPort, agent, '/validate', BINDING_REVIEW),
        review(server.webhookPort, agent, '/mutate', JSON.stringify(reviewFor(requestFor(validListener())))),
        review(server.webhookPort, agent, '/validate', 'not json'),
      ]);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 400]);
      const line = await server.line((l) => l['msg'] === 'admission review' && l['webhook'] === 'validate', 'for the review');
      expect(line).to.include({ kind: 'AttachedConnectorBinding', namespace: 'west', name: 'backend', operation: 'CREATE', allowed: true, code: 200 });
      await server.line((l) => l['msg'] === 'malformed admission request' && l['reason'] === 'invalid_json', 'for the malformed request');

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
        'draining: no longer accepting connections; waiting for in-flight requests',
        'exiting',
      ]);
      expect(server.stderr).to.equal('');
    });
  });

  describe('with --tls-cert and --tls-key, when the files change', () => {
    it('keeps serving through a bad file, then serves the new pair, logging and counting both', async () => {
      const dir = await mkdtemp(join(cwd, 'rotating-'));
      const [first, second] = await Promise.all([1, 2].map(() => generateCertificates({ dnsNames: ['localhost'] })));
      const cert = join(dir, 'tls.crt');
      const key = join(dir, 'tls.key');
      await writeFile(cert, first!.tlsCert);
      await writeFile(key, first!.tlsKey);
      const ca = [first!.caCert, second!.caCert];
      const server = await serve(['--tls-cert', cert, '--tls-key', key, '--cert-reload-interval', '0.05', '--metrics-port', String(await freePort())], cwd).listening();
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

  context('when a second signal arrives during the shutdown', () => {
    it('exits at once with 143', async () => {
      const server = await serve(['--metrics-port', String(await freePort()), '--shutdown-delay', '30'], cwd).listening();
      try {
        server.child.kill('SIGTERM');
        await server.line((l) => l['msg']?.startsWith('shutting down'), 'shutting down');
        const started = Date.now();
        server.child.kill('SIGTERM');
        expect(await server.exited).to.equal(143);
        expect(Date.now() - started).to.be.below(2_000);
      } finally {
        server.kill();
      }
    });
  });

  context('when the certificate flags are wrong', () => {
    let certs: string;

    before(async () => {
      certs = await mkdtemp(join(cwd, 'given-'));
      const expired = await generateCertificates({ dnsNames: ['localhost'], now: new Date('2000-01-01T00:00:00Z') });
      await writeFile(join(certs, 'expired.crt'), expired.tlsCert);
      await writeFile(join(certs, 'expired.key'), expired.tlsKey);
      await writeFile(join(certs, 'garbage.crt'), 'not a certificate\n');
    });

    const cases: Array<[string, (dir: string) => string[], RegExp, ((dir: string) => Record<string, string>)?]> = [
      ['only --tls-cert', (dir) => ['--tls-cert', join(dir, 'expired.crt')], /^skupper-webhook: error: --tls-cert needs --tls-key: pass both, or neither/],
      ['only the key, from SKUPPER_WEBHOOK_TLS_KEY', () => [], /^skupper-webhook: error: --tls-key needs --tls-cert/, (dir) => ({ SKUPPER_WEBHOOK_TLS_KEY: join(dir, 'expired.key') })],
      ['a missing file', (dir) => ['--tls-cert', join(dir, 'missing.crt'), '--tls-key', join(dir, 'expired.key')], /^skupper-webhook: error: serving certificate: reading .*missing\.crt: ENOENT/],
      ['a file that is not PEM', (dir) => ['--tls-cert', join(dir, 'garbage.crt'), '--tls-key', join(dir, 'expired.key')], /^skupper-webhook: error: serving certificate: parsing .*garbage\.crt: /],
      ['an expired certificate', (dir) => ['--tls-cert', join(dir, 'expired.crt'), '--tls-key', join(dir, 'expired.key')], /^skupper-webhook: error: serving certificate: the certificate in .*expired\.crt expired at 20/],
    ];
    for (const [rule, args, message, env] of cases) {
      it(`exits 2 with one line on stderr: ${rule}`, async () => {
        const result = await run(['serve', '--port', '0', '--metrics-port', '0', ...args(certs)], cwd, env?.(certs));
        expect(result.code).to.equal(2);
        expect(result.stderr).to.match(message);
        expect(result.stderr.trimEnd().split('\n')).to.have.length(1);
        expect(result.stderr).not.to.match(/\n\s+at /);
      });
    }
  });

  context('when SKUPPER_WEBHOOK_KUBE is set', () => {
    for (const [value, kube] of [['false', false], ['0', false], ['yes', true]] as const) {
      it(`reads ${value} as ${kube}`, async () => {
        // A lone --tls-cert stops the command right after it logs its configuration.
        const result = await run(['serve', '--tls-cert', 'x'], cwd, { SKUPPER_WEBHOOK_KUBE: value });
        expect(result.code).to.equal(2);
        expect(JSON.parse(result.stdout.split('\n')[0]!).config.kube).to.equal(kube);
      });
    }
  });

  context('when SKUPPER_WEBHOOK_PORT is set', () => {
    const cases = [
      ['a port', '9443', 9443],
      ["a Kubernetes service link's tcp://10.96.0.10:443, which is ignored", 'tcp://10.96.0.10:443', 8443],
    ] as const;
    for (const [what, value, port] of cases) {
      it(`listens on ${port} for ${what}`, async () => {
        // A lone --tls-cert stops the command right after it logs its configuration.
        const result = await run(['serve', '--tls-cert', 'x'], cwd, { SKUPPER_WEBHOOK_PORT: value });
        expect(result.code).to.equal(2);
        expect(JSON.parse(result.stdout.split('\n')[0]!).config.port).to.equal(port);
      });
    }
  });

  describe('with --kube', () => {
    let api: FakeKubeApi;
    let server: Serve;
    let agent: https.Agent;

    before(async () => {
      api = new FakeKubeApi();
      await api.start();
      api.seed(attachedConnector('east', 'other', 'west'));
      server = await serve(['--kube', '--kubeconfig', api.kubeconfig, '--metrics-port', String(await freePort()), '--shutdown-delay', '0'], cwd).listening();
      agent = new https.Agent({ ca: await readFile(join(cwd, 'certs', 'ca.crt')), keepAlive: true });
      await server.line((l) => l['msg'] === 'AttachedConnector cache synced', 'synced');
    });

    after(async () => {
      agent.destroy();
      server.kill();
      await api.close();
    });

    it('warns about a binding with no AttachedConnector, and stops warning once one exists', async () => {
      const before = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
      expect(before.allowed).to.equal(true);
      expect(before.warnings).to.deep.equal(['no AttachedConnector "backend" exists in namespace "east" yet: this binding stays pending until one is created there']);
      api.put(attachedConnector('east', 'backend', 'west'));
      for (let tries = 0; ; tries++) {
        const after = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
        if (after.warnings === undefined) break;
        if (tries > 100) throw new Error('the warning never went away');
        await sleep(20);
      }
      const readyz = await get(server.metricsPort, '/readyz?verbose');
      expect(readyz.body).to.include('[+]attached-connector-cache ok: synced, 2 AttachedConnectors\n');
      expect(metric((await get(server.metricsPort, '/metrics')).body, 'skupper_webhook_attached_connector_cache_synced')).to.equal(1);
    });

    it('keeps admitting and stays ready when the API server goes away, saying the cache is stale', async () => {
      await api.kill();
      await server.line((l) => l['msg']?.startsWith('AttachedConnector cache failed'), 'about the failure');
      const answer = JSON.parse((await review(server.webhookPort, agent, '/validate', BINDING_REVIEW)).body).response;
      expect(answer).to.deep.equal({ uid: requestFor(validBinding()).uid, allowed: true });
      const readyz = await get(server.metricsPort, '/readyz?verbose');
      expect(readyz.status).to.equal(200);
      expect(readyz.body).to.match(/\[\+\]attached-connector-cache ok: stale since .*admission unaffected\)\n/);
      const metrics = (await get(server.metricsPort, '/metrics')).body;
      expect(metric(metrics, 'skupper_webhook_attached_connector_cache_synced')).to.equal(0);
      expect(metric(metrics, 'skupper_webhook_attached_connector_cache_failures_total')).to.be.at.least(1);
      server.child.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
    });
  });
});
