/**
 * `skupper-webhook serve`: the admission server. This file turns flags into
 * a ServeConfig; serve-runtime.ts wires and runs everything.
 */
import { type Command, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { parsePort, parseSeconds } from '../option-parsers.js';
import { serviceNameValidationOption } from '../service-name-option.js';
import { type ServeConfig, SERVE_DEFAULTS } from './serve-config.js';
import type { ServiceNameValidation } from '../../validation/service-name.js';

function option(flags: string, description: string, env: string): Option {
  return new Option(flags, description).env(`SKUPPER_WEBHOOK_${env}`);
}

/**
 * SERVICE_LINK is the shape Kubernetes' service links give <SERVICE>_PORT
 * ("tcp://10.96.0.10:443"). A Service named skupper-webhook makes
 * SKUPPER_WEBHOOK_PORT one, which is no port for serve: it is ignored, as if
 * unset, rather than refused.
 */
const SERVICE_LINK = /^(tcp|udp|sctp):\/\//i;

function portOption(): Option {
  const port = new Option('--port <port>', 'HTTPS port for admission and health').default(SERVE_DEFAULTS.port).argParser(parsePort);
  return SERVICE_LINK.test(process.env['SKUPPER_WEBHOOK_PORT'] ?? '') ? port : port.env('SKUPPER_WEBHOOK_PORT');
}

/** register adds the `serve` command to program. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the admission webhook over HTTPS')
    .addOption(portOption())
    .addOption(option('--host <address>', 'address to listen on', 'HOST').default(SERVE_DEFAULTS.host))
    .addOption(option('--tls-cert <file>', 'serving certificate (PEM); default: certs/tls.crt, generated for development when missing', 'TLS_CERT'))
    .addOption(option('--tls-key <file>', 'serving private key (PEM); default: certs/tls.key', 'TLS_KEY'))
    .addOption(
      option('--cert-reload-interval <seconds>', 'how often to poll the certificate files for rotation', 'CERT_RELOAD_INTERVAL')
        .default(SERVE_DEFAULTS.certReloadIntervalSeconds)
        .argParser(parseSeconds),
    )
    .addOption(option('--metrics-port <port>', 'plain-HTTP port for /metrics, /livez, /readyz (0 turns it off)', 'METRICS_PORT').default(SERVE_DEFAULTS.metricsPort).argParser(parsePort))
    .addOption(option('--log-level <level>', 'log level', 'LOG_LEVEL').default(SERVE_DEFAULTS.logLevel).choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addOption(option('--log-format <format>', 'json, or pretty for humans (default: pretty on a TTY, else json)', 'LOG_FORMAT').choices(['json', 'pretty']))
    .addOption(
      option('--shutdown-delay <seconds>', 'on SIGTERM, keep serving this long with /readyz failing so endpoints drop the pod first', 'SHUTDOWN_DELAY')
        .default(SERVE_DEFAULTS.shutdownDelaySeconds)
        .argParser(parseSeconds),
    )
    .addOption(
      option('--shutdown-timeout <seconds>', 'then wait at most this long for in-flight requests to finish', 'SHUTDOWN_TIMEOUT')
        .default(SERVE_DEFAULTS.shutdownTimeoutSeconds)
        .argParser(parseSeconds),
    )
    // No .env() here: commander sets a boolean flag whenever its variable exists, whatever the
    // value, so SKUPPER_WEBHOOK_KUBE=false would turn it on. The action reads the variable itself.
    .addOption(
      new Option('--kube', 'watch AttachedConnectors, Listeners, MultiKeyListeners and Services in the cluster (in-cluster config or kubeconfig) to warn about unpaired bindings and clashing listeners (env: SKUPPER_WEBHOOK_KUBE=true|1|yes, or false|0|no)'),
    )
    .addOption(option('--kubeconfig <file>', 'kubeconfig to use with --kube (default: in-cluster, then $KUBECONFIG, then ~/.kube/config)', 'KUBECONFIG'))
    .addOption(serviceNameValidationOption())
    .action(async (flags: Record<string, unknown>) => {
      const config: ServeConfig = {
        port: flags['port'] as number,
        host: flags['host'] as string,
        tlsCert: flags['tlsCert'] as string | undefined,
        tlsKey: flags['tlsKey'] as string | undefined,
        certReloadIntervalSeconds: flags['certReloadInterval'] as number,
        metricsPort: flags['metricsPort'] as number,
        logLevel: flags['logLevel'] as string,
        logFormat: (flags['logFormat'] as 'json' | 'pretty' | undefined) ?? (process.stdout.isTTY ? 'pretty' : 'json'),
        shutdownDelaySeconds: flags['shutdownDelay'] as number,
        shutdownTimeoutSeconds: flags['shutdownTimeout'] as number,
        kube: flags['kube'] === true || kubeFromEnvironment(process.env['SKUPPER_WEBHOOK_KUBE']),
        kubeconfig: flags['kubeconfig'] as string | undefined,
        serviceNameValidation: flags['serviceNameValidation'] as ServiceNameValidation,
      };
      // Loaded only now: the other commands never pay for the server's modules.
      const { runServe } = await import('./serve-runtime.js');
      await runServe(config);
    });
}

/** KUBE_VALUES are what SKUPPER_WEBHOOK_KUBE may say, in any case; empty is the same as unset. */
const KUBE_VALUES: Readonly<Record<string, boolean>> = { true: true, '1': true, yes: true, false: false, '0': false, no: false, '': false };

/**
 * kubeFromEnvironment reads SKUPPER_WEBHOOK_KUBE: true, 1 or yes turn --kube
 * on; false, 0, no or nothing leave it off. Anything else is a usage error, so
 * that a typo in a Deployment does not quietly turn the warnings off.
 */
export function kubeFromEnvironment(value: string | undefined): boolean {
  if (value === undefined) return false;
  const key = value.toLowerCase();
  if (!Object.hasOwn(KUBE_VALUES, key)) throw new CliError(`SKUPPER_WEBHOOK_KUBE must be true, 1, yes, false, 0 or no, not ${JSON.stringify(value)}`);
  return KUBE_VALUES[key]!;
}
