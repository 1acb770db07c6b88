/**
 * Test support for the hostile-input tests: the built `serve` in a child
 * process, with the heap cap the Deployment gives it (NODE_OPTIONS in
 * manifests/base/deployment.yaml, read from there), so that an input that
 * would exhaust a replica's heap crashes this child as it would crash the
 * pod, rather than passing in a test runner with gigabytes to spare. It
 * serves the run's localhost pair (test-certificates.ts) from a temporary
 * directory, and its
 * client counts the admission requests it sends, so that a test can check
 * that /metrics accounts for every one.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import { freePort, get, metric, type Serve, serve, writeServingPair } from './serve-process.js';
import { type HttpsClient, httpsClient } from './test-server.js';

const DEPLOYMENT = fileURLToPath(new URL('../../manifests/base/deployment.yaml', import.meta.url));

/** deploymentNodeOptions is the NODE_OPTIONS the shipped Deployment runs serve with. */
export async function deploymentNodeOptions(): Promise<string[]> {
  const [doc] = parseAllDocuments(await readFile(DEPLOYMENT, 'utf8'));
  const deployment = doc!.toJS() as { spec: { template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } } };
  const value = deployment.spec.template.spec.containers[0]!.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
  expect(value, 'the Deployment sets NODE_OPTIONS').to.be.a('string');
  return value!.split(/\s+/);
}

/** CappedServer is a `serve` child under the Deployment's heap cap, and a client for it. */
export interface CappedServer extends HttpsClient {
  child: Serve;
  port: number;
  metricsPort: number;
  ca: Buffer;
  agent: https.Agent;
  /** sent counts the requests sent to /validate and /mutate through request and review. */
  readonly sent: number;
  close(): Promise<void>;
}

/** startCappedServe starts `serve` on 127.0.0.1 under the Deployment's NODE_OPTIONS, with args added to its flags. */
export async function startCappedServe(args: readonly string[] = []): Promise<CappedServer> {
  const cwd = await mkdtemp(join(tmpdir(), 'capped-serve-'));
  const pair = await writeServingPair(cwd);
  const metricsPort = await freePort();
  const child = await serve([...pair.flags, '--metrics-port', String(metricsPort), ...args], cwd, { nodeArgs: await deploymentNodeOptions() }).listening();
  const ca = Buffer.from(pair.ca);
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 64 });
  const client = httpsClient(child.webhookPort, agent);
  let sent = 0;
  const admission = (path: string) => path.startsWith('/validate') || path.startsWith('/mutate');
  return {
    child,
    port: child.webhookPort,
    metricsPort,
    ca,
    agent,
    get sent() {
      return sent;
    },
    request: (options) => {
      if (admission(options.path)) sent++;
      return client.request(options);
    },
    review: (path, review) => {
      sent++;
      return client.review(path, review);
    },
    close: async () => {
      agent.destroy();
      child.kill();
      await child.exited;
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** sumOf adds up every sample of a metric in /metrics text. */
function sumOf(text: string, name: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * expectStillServing is how each hostile file ends: the child has not died
 * (no heap exhaustion, no crash), answers a valid review correctly, is
 * ready, has nothing in flight, and has counted every admission request it
 * was sent as a review or as a malformed request (sentElsewhere counts those
 * a test sent with a client of its own).
 */
export async function expectStillServing(server: CappedServer, sentElsewhere = 0): Promise<void> {
  expect(server.child.child.exitCode, `the child is alive; stderr: ${server.child.stderr.slice(-2000)}`).to.equal(null);
  const review = reviewFor(requestFor(validListener(), { uid: 'still-serving' }));
  const res = await server.review('/validate', review);
  expect(res.status).to.equal(200);
  expect((res.json as { response: unknown }).response).to.deep.equal({ uid: 'still-serving', allowed: true });
  expect((await server.request({ method: 'GET', path: '/readyz' })).status).to.equal(200);
  const metrics = (await get(server.metricsPort, '/metrics')).body;
  expect(sumOf(metrics, 'skupper_webhook_admission_requests_in_flight'), 'requests in flight').to.equal(0);
  const counted = sumOf(metrics, 'skupper_webhook_admission_requests_total') + sumOf(metrics, 'skupper_webhook_admission_malformed_requests_total');
  expect(counted, 'every request sent is counted as a review or as malformed').to.equal(server.sent + sentElsewhere);
  expect(metric(metrics, 'process_resident_memory_bytes'), 'resident memory reported').to.be.a('number');
  expect(server.child.stderr, 'nothing on stderr').to.equal('');
}
