/**
 * runServe wires the product together and runs it until a signal: logger,
 * certificates, the compiled webhooks, readiness, the express app and the
 * HTTPS server.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { CliError, errorMessage } from '../cli/cli-error.js';
import { ExitCode } from '../cli/exit-codes.js';
import { createWebhooks } from '../admission/webhooks.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { Readiness } from './readiness.js';
import { createWebhookServer } from './webhook-server.js';

/** ServeConfig is everything `serve` can be told. */
export interface ServeConfig {
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  certReloadIntervalSeconds: number;
  metricsPort: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  kube: boolean;
  kubeconfig?: string;
}

/** SERVE_DEFAULTS are the documented defaults of `serve`'s flags. */
export const SERVE_DEFAULTS = {
  port: 8443,
  host: '0.0.0.0',
  metricsPort: 9090,
  logLevel: 'info',
  certReloadIntervalSeconds: 10,
  shutdownDelaySeconds: 5,
  shutdownTimeoutSeconds: 15,
} as const;

async function readPem(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new CliError(`reading ${what} ${file}: ${errorMessage(e)}`, ExitCode.USAGE, { cause: e });
  }
}

/** runServe starts serving and resolves once the server is listening. */
export async function runServe(config: ServeConfig): Promise<void> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  if (!config.tlsCert || !config.tlsKey) throw new CliError('both --tls-cert and --tls-key are required');
  const pair = { cert: await readPem(config.tlsCert, 'certificate'), key: await readPem(config.tlsKey, 'key') };

  let shuttingDown = false;
  const webhooks = createWebhooks();
  const readiness = new Readiness()
    .add('certificate', () => undefined)
    .add('schemas', () => undefined)
    .add('shutdown', () => (shuttingDown ? 'shutting down' : undefined));
  const server = createWebhookServer({ webhooks, pair, app: createApp(readiness) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new CliError(`listening on ${config.host}:${config.port}: ${errorMessage(e)}`, ExitCode.FAILURE, { cause: e })));
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  logger.info({ host: address.address, port: address.port }, 'serving admission webhooks on https');

  const stop = () => {
    shuttingDown = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
