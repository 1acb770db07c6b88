import { expect } from 'chai';
import fc from 'fast-check';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AdmissionRequest } from '../../../src/core/review.js';
import { type Webhooks } from '../../../src/admission/webhooks.js';
import { createMetricsServer } from '../../../src/server/metrics-server.js';
import { ADMISSION_DURATION_BUCKETS, kindLabel, operationLabel, outcomeOf, WebhookMetrics } from '../../../src/server/telemetry/metrics.js';
import type { ReviewRecord } from '../../../src/server/telemetry/admission-observer.js';
import { OBSERVATION_BATCH } from '../../../src/server/telemetry/deferred-observations.js';
import { Readiness } from '../../../src/server/readiness.js';
import { validConnector } from '../../fixtures/cases/connector.js';
import { requestFor, reviewFor, validBinding, validListener } from '../../fixtures/reviews.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { defaultWebhooks } from '../../support/default-webhooks.js';

/** Sample is one line of the exposition format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** parseExposition reads Prometheus's text format (enough of it for these metrics). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** valueOf finds the sample with exactly these labels, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}

function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

const REVIEW = { webhook: 'validate', kind: 'AttachedConnectorBinding', operation: 'CREATE', outcome: 'allowed', dry_run: 'false' };

describe('WebhookMetrics', () => {
  let metrics: WebhookMetrics;
  let server: TestServer;
  let metricsServer: http.Server;
  let metricsPort: number;

  async function scrape(): Promise<Sample[]> {
    const answer = await get(metricsPort, '/metrics');
    expect(answer.status).to.equal(200);
    return parseExposition(answer.body);
  }

  async function start(webhooks?: Webhooks): Promise<void> {
    metrics = new WebhookMetrics({ defaultMetrics: false });
    server = await startTestServer({ observer: metrics, ...(webhooks ? { webhooks } : {}) });
    metricsServer = createMetricsServer({ registry: metrics.registry, readiness: new Readiness() });
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    metricsPort = (metricsServer.address() as AddressInfo).port;
  }

  afterEach(async () => {
    await server.close();
    metricsServer.closeAllConnections();
    await new Promise((resolve) => metricsServer.close(resolve));
  });

  context('after real reviews', () => {
    beforeEach(() => start());

    it('counts each review under its webhook, kind, operation, outcome and dry_run', async () => {
      const invalid = validBinding();
      invalid['spec'].connectorNamespace = 'west';
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      await server.review('/validate', reviewFor(requestFor(invalid)));
      await server.review('/validate', reviewFor(requestFor(validBinding(), { dryRun: true, operation: 'UPDATE' })));
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      const samples = await scrape();
      const total = 'skupper_webhook_admission_requests_total';
      expect(valueOf(samples, total, REVIEW)).to.equal(2);
      expect(valueOf(samples, total, { ...REVIEW, outcome: 'denied' })).to.equal(1);
      expect(valueOf(samples, total, { ...REVIEW, operation: 'UPDATE', dry_run: 'true' })).to.equal(1);
      expect(valueOf(samples, total, { webhook: 'mutate', kind: 'Listener', operation: 'CREATE', outcome: 'allowed', dry_run: 'false' })).to.equal(1);
      expect(samples.filter((s) => s.name === total)).to.have.length(4);
    });

    it('times each review in a histogram with sub-millisecond buckets', async () => {
      for (let i = 0; i < 3; i++) await server.review('/validate', reviewFor(requestFor(validBinding())));
      const samples = await scrape();
      const name = 'skupper_webhook_admission_request_duration_seconds';
      expect(valueOf(samples, `${name}_count`, REVIEW)).to.equal(3);
      expect(valueOf(samples, `${name}_bucket`, { ...REVIEW, le: '+Inf' })).to.equal(3);
      expect(valueOf(samples, `${name}_sum`, REVIEW)).to.be.above(0).and.below(3);
      const les = samples.filter((s) => s.name === `${name}_bucket`).map((s) => s.labels['le']);
      expect(les).to.deep.equal([...ADMISSION_DURATION_BUCKETS.map(String), '+Inf']);
    });

    it('counts the patches by kind', async () => {
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      const typed = validListener();
      typed['spec'].type = 'tcp';
      await server.review('/mutate', reviewFor(requestFor(typed)));
      await server.review('/mutate', reviewFor(requestFor(validConnector())));
      const samples = await scrape();
      expect(valueOf(samples, 'skupper_webhook_admission_patches_total', { kind: 'Listener' })).to.equal(1);
      expect(valueOf(samples, 'skupper_webhook_admission_patches_total', { kind: 'Connector' })).to.equal(1);
    });

    it('adds the patches answered since a scrape to those before it', async () => {
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      expect(valueOf(await scrape(), 'skupper_webhook_admission_patches_total', { kind: 'Listener' })).to.equal(1);
      expect(valueOf(await scrape(), 'skupper_webhook_admission_patches_total', { kind: 'Listener' })).to.equal(1);
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      await server.review('/mutate', reviewFor(requestFor(validListener())));
      expect(valueOf(await scrape(), 'skupper_webhook_admission_patches_total', { kind: 'Listener' })).to.equal(3);
    });

    it('counts malformed requests by webhook and reason, not as reviews', async () => {
      await server.review('/validate', '{not json');
      await server.review('/validate', '{not json');
      await server.request({ path: '/mutate', body: '{}', headers: { 'content-type': 'text/plain' } });
      await server.review('/mutate', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
      const samples = await scrape();
      const name = 'skupper_webhook_admission_malformed_requests_total';
      expect(valueOf(samples, name, { webhook: 'validate', reason: 'invalid_json' })).to.equal(2);
      expect(valueOf(samples, name, { webhook: 'mutate', reason: 'unsupported_media_type' })).to.equal(1);
      expect(valueOf(samples, name, { webhook: 'mutate', reason: 'missing_request' })).to.equal(1);
      expect(samples.filter((s) => s.name === 'skupper_webhook_admission_requests_total')).to.deep.equal([]);
    });

    it('shows a request in flight while its body is still arriving', async () => {
      const body = JSON.stringify(reviewFor(requestFor(validBinding())));
      const answered = new Promise<number>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', servername: 'localhost', port: server.port, method: 'POST', path: '/validate', agent: server.agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
          (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(async () => {
          try {
            const samples = await scrape();
            expect(valueOf(samples, 'skupper_webhook_admission_requests_in_flight', { webhook: 'validate' })).to.equal(1);
          } catch (e) {
            reject(e);
          }
          req.end(body.slice(10));
        }, 50);
      });
      expect(await answered).to.equal(200);
      expect(valueOf(await scrape(), 'skupper_webhook_admission_requests_in_flight', { webhook: 'validate' })).to.equal(0);
    });

    it('shows nothing in flight once every request is answered', async () => {
      await server.review('/validate', reviewFor(requestFor(validBinding())));
      const samples = await scrape();
      expect(valueOf(samples, 'skupper_webhook_admission_requests_in_flight', { webhook: 'validate' })).to.equal(0);
      expect(valueOf(samples, 'skupper_webhook_admission_requests_in_flight', { webhook: 'mutate' })).to.equal(0);
    });

    it('keeps label values bounded: unknown kinds and operations are "other"', async () => {
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'west' }, data: { password: 'c2VjcmV0' } };
      await server.review('/validate', reviewFor({ ...requestFor(secret), kind: { group: '', version: 'v1', kind: 'Secret' } }));
      await server.review('/validate', reviewFor(requestFor(validBinding(), { operation: 'PATCH' })));
      const samples = await scrape();
      const total = 'skupper_webhook_admission_requests_total';
      expect(valueOf(samples, total, { ...REVIEW, kind: 'other' })).to.equal(1);
      expect(valueOf(samples, total, { ...REVIEW, operation: 'other', outcome: 'denied' })).to.equal(1);
    });
  });

  context('when the decision throws', () => {
    beforeEach(() =>
      start({
        ...defaultWebhooks(),
        validate: () => {
          throw new Error('boom');
        },
      }),
    );

    it('counts the review with outcome "error"', async () => {
      const answer = await server.review('/validate', reviewFor(requestFor(validBinding())));
      expect(answer.status).to.equal(500);
      const samples = await scrape();
      expect(valueOf(samples, 'skupper_webhook_admission_requests_total', { ...REVIEW, outcome: 'error' })).to.equal(1);
    });
  });

  context('for certificates and the cluster cache', () => {
    beforeEach(() => start());

    it('exports the expiry as a timestamp and counts rotations and failures', async () => {
      metrics.certificateLoaded(new Date('2030-01-01T00:00:00Z'), false);
      metrics.certificateLoaded(new Date('2031-01-01T00:00:00Z'), true);
      metrics.certificateReloadFailed();
      const samples = await scrape();
      expect(valueOf(samples, 'skupper_webhook_certificate_expiry_timestamp_seconds')).to.equal(Date.UTC(2031, 0, 1) / 1000);
      expect(valueOf(samples, 'skupper_webhook_certificate_reloads_total')).to.equal(1);
      expect(valueOf(samples, 'skupper_webhook_certificate_reload_failures_total')).to.equal(1);
    });

    it('has no cache metrics until a cache is tracked, then reads each part at scrape time', async () => {
      expect((await scrape()).filter((s) => s.name.includes('cluster_cache'))).to.deep.equal([]);
      let state = 'starting';
      metrics.trackClusterCache(() => [
        { part: 'attachedconnectors', state, objects: 4 },
        { part: 'services', state: 'synced', objects: 7 },
      ]);
      metrics.clusterCacheFailed('attachedconnectors');
      expect(valueOf(await scrape(), 'skupper_webhook_cluster_cache_synced', { resource: 'attachedconnectors' })).to.equal(0);
      state = 'synced';
      const samples = await scrape();
      expect(valueOf(samples, 'skupper_webhook_cluster_cache_synced', { resource: 'attachedconnectors' })).to.equal(1);
      expect(valueOf(samples, 'skupper_webhook_cluster_cache_objects', { resource: 'attachedconnectors' })).to.equal(4);
      expect(valueOf(samples, 'skupper_webhook_cluster_cache_objects', { resource: 'services' })).to.equal(7);
      expect(valueOf(samples, 'skupper_webhook_cluster_cache_failures_total', { resource: 'attachedconnectors' })).to.equal(1);
      expect(valueOf(samples, 'skupper_webhook_cluster_cache_failures_total', { resource: 'services' })).to.equal(0);
    });
  });
});

describe('WebhookMetrics log lines dropped', () => {
  it('starts at 0 and adds every line the logger reports dropped', async () => {
    const metrics = new WebhookMetrics({ defaultMetrics: false });
    const name = 'skupper_webhook_log_lines_dropped_total';
    expect(valueOf(parseExposition(await metrics.registry.metrics()), name)).to.equal(0);
    metrics.logLinesDroppedBy(3);
    metrics.logLinesDroppedBy(1);
    expect(valueOf(parseExposition(await metrics.registry.metrics()), name)).to.equal(4);
  });
});

describe('WebhookMetrics with default metrics', () => {
  it("adds Node's process metrics under their standard names", async () => {
    const text = await new WebhookMetrics().registry.metrics();
    expect(text).to.match(/^process_cpu_seconds_total \d/m);
    expect(text).to.match(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).not.to.match(/^skupper_webhook_process_/m);
  });
});

describe('kindLabel', () => {
  const cases: Array<[AdmissionRequest['kind'], string]> = [
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' }, 'Listener'],
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'AttachedConnectorBinding' }, 'AttachedConnectorBinding'],
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'Connector' }, 'Connector'],
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'AttachedConnector' }, 'AttachedConnector'],
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'MultiKeyListener' }, 'MultiKeyListener'],
    [{ group: 'skupper.io', version: 'v2alpha1', kind: 'Site' }, 'other'],
    [{ group: 'example.com', version: 'v1', kind: 'Listener' }, 'other'],
  ];
  for (const [kind, label] of cases) {
    it(`labels ${kind.kind}.${kind.group} as ${label}`, () => expect(kindLabel(kind)).to.equal(label));
  }
});

describe('operationLabel', () => {
  for (const [operation, label] of [['CREATE', 'CREATE'], ['CONNECT', 'CONNECT'], ['create', 'other'], ['x'.repeat(1000), 'other']]) {
    it(`labels ${operation.slice(0, 10)} as ${label}`, () => expect(operationLabel(operation!)).to.equal(label));
  }
});

describe('WebhookMetrics series', () => {
  const kinds = fc.oneof(
    fc.constantFrom({ group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' }, { group: 'skupper.io', version: 'v2alpha1', kind: 'AttachedConnectorBinding' }),
    fc.record({ group: fc.constantFrom('skupper.io', '', 'example.com'), version: fc.constant('v1'), kind: fc.constantFrom('Listener', 'Connector', 'Secret') }),
  );
  const record: fc.Arbitrary<ReviewRecord> = fc.record({
    webhook: fc.constantFrom('validate' as const, 'mutate' as const),
    request: fc.record({ uid: fc.constant('u'), kind: kinds, operation: fc.oneof(fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT'), fc.string({ maxLength: 8 })), dryRun: fc.boolean() }),
    response: fc.record({ uid: fc.constant('u'), allowed: fc.boolean() }),
    httpStatus: fc.constantFrom(200, 500),
    durationSeconds: fc.double({ min: 0, max: 2, noNaN: true }),
  });

  it('counts and times every review under exactly its bounded label set, for any mix of reviews', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), async (records) => {
        const metrics = new WebhookMetrics({ defaultMetrics: false });
        const expected = new Map<string, number>();
        for (const r of records) {
          metrics.reviewed(r);
          const labels = { webhook: r.webhook, kind: kindLabel(r.request.kind), operation: operationLabel(r.request.operation), outcome: outcomeOf(r), dry_run: String(r.request.dryRun === true) };
          const key = JSON.stringify(Object.entries(labels).sort());
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const samples = parseExposition(await metrics.registry.metrics());
        const counted = (name: string) =>
          new Map(samples.filter((s) => s.name === name).map((s) => [JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== 'le').sort()), s.value]));
        expect(counted('skupper_webhook_admission_requests_total')).to.deep.equal(expected);
        expect(counted('skupper_webhook_admission_request_duration_seconds_count')).to.deep.equal(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('counts and times every review when more arrive between two scrapes than a batch of observations holds', async () => {
    const metrics = new WebhookMetrics({ defaultMetrics: false });
    const reviews = 2 * OBSERVATION_BATCH + 3;
    for (let i = 0; i < reviews; i++) {
      metrics.reviewed({ webhook: 'validate', request: requestFor(validListener()), response: { uid: 'u', allowed: true }, httpStatus: 200, durationSeconds: 0.0002 });
    }
    const labels = { webhook: 'validate', kind: 'Listener', operation: 'CREATE', outcome: 'allowed', dry_run: 'false' };
    const samples = parseExposition(await metrics.registry.metrics());
    expect(valueOf(samples, 'skupper_webhook_admission_requests_total', labels)).to.equal(reviews);
    expect(valueOf(samples, 'skupper_webhook_admission_request_duration_seconds_count', labels)).to.equal(reviews);
    expect(valueOf(samples, 'skupper_webhook_admission_request_duration_seconds_bucket', { ...labels, le: '0.00025' })).to.equal(reviews);
    expect(valueOf(samples, 'skupper_webhook_admission_request_duration_seconds_bucket', { ...labels, le: '0.0001' })).to.equal(0);
    expect(valueOf(samples, 'skupper_webhook_admission_request_duration_seconds_sum', labels)).to.be.closeTo(reviews * 0.0002, 1e-9);
  });
});
