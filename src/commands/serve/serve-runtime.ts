/**
 * runServe wires the product together and runs it until a signal: logger,
 * certificates (with hot reload, and a reload on SIGHUP), the optional
 * cluster cache, metrics, the review log, readiness, the HTTPS server, the
 * plain-HTTP metrics listener, and the graceful shutdown.
 */
import type { ServeConfig } from './serve-config.js';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { CliError } from '../cli-error.js';
import { errorMessage } from '../../core/error-message.js';
import { ExitCode } from '../exit-codes.js';
import { createWebhooks, type Webhooks } from '../../admission/webhooks.js';
import type { ClusterCache } from '../../kube/cluster-cache.js';
import { ensureDevCertificates } from '../../tls/certificate-files.js';
import { type CertificatePair, FileCertificateSource } from '../../tls/certificate-source.js';
import { isCertificateError } from '../../tls/errors.js';
import { combineObservers } from '../../server/telemetry/admission-observer.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/telemetry/logger.js';
import { createMetricsServer } from '../../server/metrics-server.js';
import { WebhookMetrics } from '../../server/telemetry/metrics.js';
import { Readiness } from '../../server/readiness.js';
import { ReviewLog } from '../../server/telemetry/review-log.js';
import { GracefulShutdown } from '../../server/shutdown.js';
import { createWebhookServer, useServingPair } from '../../server/webhook-server.js';

export type { ServeConfig } from './serve-config.js';

/**
 * RELOAD_SIGNAL re-reads the serving certificate at once, as daemons reload
 * on SIGHUP, rather than at the next poll; without a handler, Node would end
 * the process on it at once, failing every request in flight.
 */
export const RELOAD_SIGNAL: NodeJS.Signals = 'SIGHUP';

/** DEV_CERTIFICATE_DIR is where `serve` without --tls-cert/--tls-key finds, or makes, its certificates (relative to the working directory). */
export const DEV_CERTIFICATE_DIR = 'certs';

/** CertificateFiles are the files to serve, and the CA to trust when they are development certificates. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
  /** caFile is set for development certificates: the CA a client must trust. */
  caFile?: string;
  /** generated is true when the development certificates were just created. */
  generated: boolean;
}

/**
 * resolveCertificateFiles picks the serving pair: both flags, or neither and
 * the development certificates in DEV_CERTIFICATE_DIR (made when missing).
 * One flag alone, or development certificates that cannot be made, is a
 * usage error.
 */
export async function resolveCertificateFiles(config: Pick<ServeConfig, 'tlsCert' | 'tlsKey'>, cwd: string = process.cwd()): Promise<CertificateFiles> {
  const { tlsCert, tlsKey } = config;
  if (tlsCert && tlsKey) return { certFile: tlsCert, keyFile: tlsKey, generated: false };
  if (tlsCert || tlsKey) {
    throw new CliError(`${tlsCert ? '--tls-cert' : '--tls-key'} needs ${tlsCert ? '--tls-key' : '--tls-cert'}: pass both, or neither to use development certificates in ./${DEV_CERTIFICATE_DIR}`);
  }
  try {
    const dev = await ensureDevCertificates(resolve(cwd, DEV_CERTIFICATE_DIR));
    return { certFile: dev.certFile, keyFile: dev.keyFile, caFile: dev.caFile, generated: dev.generated };
  } catch (e) {
    throw new CliError('development certificates', ExitCode.USAGE, { cause: e });
  }
}

/**
 * certificateReadinessCheck fails readiness while no certificate is loaded,
 * or once the served one has expired: the API server would refuse every
 * connection, so this replica is better out of the Service.
 */
export function certificateReadinessCheck(source: Pick<FileCertificateSource, 'current'>, now: () => Date = () => new Date()): () => string | undefined {
  return () => {
    const pair = source.current();
    if (!pair) return 'no serving certificate loaded';
    if (pair.notAfter.getTime() <= now().getTime()) return `the serving certificate expired at ${pair.notAfter.toISOString()}`;
    return undefined;
  };
}

function describePair(pair: CertificatePair): Record<string, unknown> {
  return { not_after: pair.notAfter.toISOString(), serial: pair.serialNumber, dns_names: pair.dnsNames, ip_addresses: pair.ipAddresses };
}

function listen(server: http.Server, port: number, host: string, what: string): Promise<AddressInfo> {
  return new Promise((resolveListen, reject) => {
    const onError = (e: Error) => reject(new CliError(`${what}: listening on ${host}:${port}`, ExitCode.FAILURE, { cause: e }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolveClose) => {
    if (!server.listening) return resolveClose();
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

/** startClusterCache loads the kubeconfig and starts the cache; it never waits for the first sync. */
async function startClusterCache(config: ServeConfig, logger: Logger, metrics: WebhookMetrics): Promise<{ cache: ClusterCache; readiness: Readiness }> {
  // Loaded only with --kube: the Kubernetes client takes most of a second to import.
  const [{ loadKubeConfig }, { ClusterCache }, { CacheReadiness }, { isKubeConfigError }] = await Promise.all([
    import('../../kube/kube-config.js'),
    import('../../kube/cluster-cache.js'),
    import('../../kube/cache-readiness.js'),
    import('../../kube/errors.js'),
  ]);
  let loaded;
  try {
    loaded = loadKubeConfig(config.kubeconfig);
  } catch (e) {
    throw new CliError('--kube', isKubeConfigError(e) ? ExitCode.USAGE : ExitCode.FAILURE, { cause: e });
  }
  const cache = new ClusterCache(loaded.config);
  const synced = new Set<string>();
  cache.on('synced', (resource, objects) => {
    // Every relist syncs again; only a change of state is worth an info line.
    logger[synced.has(resource) ? 'debug' : 'info']({ resource, objects }, 'cluster cache synced');
    synced.add(resource);
  });
  cache.on('error', (resource, error, retryInMs) => {
    synced.delete(resource);
    metrics.clusterCacheFailed(resource);
    logger.warn({ resource, error: errorMessage(error), retry_in_s: retryInMs / 1000 }, 'cluster cache failed; admission continues without the warnings it feeds until it syncs again');
  });
  metrics.trackClusterCache(() => cache.statuses());
  logger.info({ kubeconfig_source: loaded.source, server: loaded.server, resources: cache.statuses().map((status) => status.part) }, 'watching in all namespaces');
  cache.start();
  return { cache, readiness: new CacheReadiness(() => cache.statuses()) };
}

/** runServe starts serving and resolves once the server is listening; the shutdown ends the process. */
export async function runServe(config: ServeConfig): Promise<void> {
  const metrics = new WebhookMetrics();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, onDrop: (lines) => metrics.logLinesDroppedBy(lines) });
  const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };
  // Only paths and numbers: nothing here is secret.
  logger.info({ version, config }, 'starting');

  const files = await resolveCertificateFiles(config);
  if (!config.tlsCert) {
    const trust = files.caFile ? `clients must trust ${files.caFile}` : `no ${DEV_CERTIFICATE_DIR}/ca.crt to give clients`;
    logger.info({ ca_file: files.caFile, generated: files.generated }, `serving development certificates from ./${DEV_CERTIFICATE_DIR}: ${trust}`);
  }

  const reloadIntervalMs = config.certReloadIntervalSeconds * 1000;
  const source = new FileCertificateSource({ certFile: files.certFile, keyFile: files.keyFile, intervalMs: reloadIntervalMs > 0 ? reloadIntervalMs : undefined });
  let server: ReturnType<typeof createWebhookServer> | undefined;
  source.on('reload', (pair) => {
    const rotation = server !== undefined;
    if (server) useServingPair(server, pair);
    metrics.certificateLoaded(pair.notAfter, rotation);
    logger.info({ cert_file: files.certFile, ...describePair(pair) }, rotation ? 'serving certificate reloaded' : 'serving certificate loaded');
  });
  source.on('error', (error) => {
    metrics.certificateReloadFailed();
    logger.warn({ error: errorMessage(error), consecutive_failures: source.consecutiveFailures }, 'certificate reload failed; still serving the previous certificate');
  });
  try {
    if (reloadIntervalMs > 0) await source.start();
    else await source.load();
  } catch (e) {
    throw new CliError('serving certificate', isCertificateError(e) ? ExitCode.USAGE : ExitCode.FAILURE, { cause: e });
  }

  let cluster: { cache: ClusterCache; readiness: Readiness } | undefined;
  let metricsServer: http.Server | undefined;
  try {
    cluster = config.kube ? await startClusterCache(config, logger, metrics) : undefined;
    const readiness = cluster?.readiness ?? new Readiness();
    // The schemas check reads the real state: it passes once createWebhooks has compiled every schema.
    let webhooks: Webhooks | undefined;
    readiness.add('certificate', certificateReadinessCheck(source)).add('schemas', () => (webhooks ? undefined : 'schemas not compiled yet'));

    webhooks = createWebhooks({ clusterState: cluster?.cache, serviceNameValidation: config.serviceNameValidation });
    server = createWebhookServer({ webhooks, pair: source.current()!, app: createApp(readiness), observer: combineObservers(metrics, new ReviewLog(logger)) });
    const webhookServer = server;
    const cache = cluster?.cache;
    const shutdown = new GracefulShutdown({
      server: webhookServer,
      delayMs: config.shutdownDelaySeconds * 1000,
      timeoutMs: config.shutdownTimeoutSeconds * 1000,
      logger,
      cleanup: async () => {
        source.stop();
        await Promise.all([cache?.stop(), metricsServer ? closeServer(metricsServer) : undefined]);
      },
    });
    readiness.add('shutdown', shutdown.readinessCheck);

    const address = await listen(webhookServer, config.port, config.host, 'webhook server');
    logger.info({ server: 'webhook', protocol: 'https', address: address.address, port: address.port }, 'listening');
    if (config.metricsPort !== 0) {
      metricsServer = createMetricsServer({ registry: metrics.registry, readiness });
      const metricsAddress = await listen(metricsServer, config.metricsPort, config.host, 'metrics server');
      logger.info({ server: 'metrics', protocol: 'http', address: metricsAddress.address, port: metricsAddress.port }, 'listening');
    }
    shutdown.install();
    process.on(RELOAD_SIGNAL, () => {
      logger.info({ signal: RELOAD_SIGNAL, cert_file: files.certFile }, 're-reading the serving certificate');
      // A changed, valid pair is taken and logged by the 'reload' listener above; unchanged files change nothing.
      source.load().catch((e: unknown) => {
        metrics.certificateReloadFailed();
        logger.warn({ signal: RELOAD_SIGNAL, error: errorMessage(e) }, 'certificate reload failed; still serving the previous certificate');
      });
    });
  } catch (e) {
    source.stop();
    await cluster?.cache.stop();
    if (server) await closeServer(server);
    if (metricsServer) await closeServer(metricsServer);
    throw e;
  }
}
