/**
 * KubeConfigError is a cluster connection that cannot even be set up: no
 * kubeconfig to be found, a file that does not parse, no current cluster. It
 * is the user's to fix (a usage error), unlike the API server being
 * unreachable later, which the cache rides out on its own.
 */
export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** isKubeConfigError reports whether e is a KubeConfigError. */
export function isKubeConfigError(e: unknown): e is KubeConfigError {
  return e instanceof KubeConfigError;
}

/**
 * ClusterCacheError is the cache losing touch with the API server: a list or
 * a watch that failed. It never reaches a client; it is logged, counted, and
 * shown in /readyz?verbose while the cache restarts.
 */
export class ClusterCacheError extends Error {
  override readonly name = 'ClusterCacheError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
