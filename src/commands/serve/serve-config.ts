/**
 * ServeConfig and its defaults, apart from the runtime so that the command
 * line can describe `serve` without loading the server (and every other
 * command starts faster).
 */
import type { ServiceNameValidation } from '../../validation/service-name.js';

/** ServeConfig is everything `serve` can be told. */
export interface ServeConfig {
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  /** certReloadIntervalSeconds is how often to re-read the certificate files; 0 reads them once. */
  certReloadIntervalSeconds: number;
  /** metricsPort is the plain-HTTP port of /metrics, /livez and /readyz; 0 turns that listener off. */
  metricsPort: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  kube: boolean;
  kubeconfig?: string;
  /** serviceNameValidation is the rule a Listener's host must meet as a Service name. */
  serviceNameValidation: ServiceNameValidation;
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
