/**
 * loadKubeConfig finds how to reach the API server for `serve --kube`, in the
 * order the flag documents: an explicit --kubeconfig, else the pod's service
 * account when running in a cluster, else $KUBECONFIG, else ~/.kube/config.
 * Unlike client-node's loadFromDefault it never falls back to an unconfigured
 * http://localhost:8080, which would only fail later and obscurely.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';

/** SERVICE_ACCOUNT_TOKEN_PATH is where the kubelet mounts the pod's service account token. */
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** KubeConfigSource says where the configuration came from, for the start-up log. */
export type KubeConfigSource = 'flag' | 'in-cluster' | 'KUBECONFIG' | 'home';

/** LoadedKubeConfig is a configuration with a current cluster. */
export interface LoadedKubeConfig {
  config: KubeConfig;
  source: KubeConfigSource;
  /** server is the API server's URL (no credentials), for the start-up log. */
  server: string;
}

/** KubeConfigEnvironment is what loadKubeConfig reads besides the flag; tests pass their own. */
export interface KubeConfigEnvironment {
  env: NodeJS.ProcessEnv;
  home: string;
  exists: (path: string) => boolean;
}

const PROCESS_ENVIRONMENT: KubeConfigEnvironment = { env: process.env, home: homedir(), exists: existsSync };

/** loadKubeConfig returns the configuration to use, or throws a KubeConfigError saying why there is none. */
export function loadKubeConfig(kubeconfig: string | undefined, environment: KubeConfigEnvironment = PROCESS_ENVIRONMENT): LoadedKubeConfig {
  const config = new KubeConfig();
  const { env, home, exists } = environment;
  let source: KubeConfigSource;
  let files: string[] = [];
  if (kubeconfig) {
    source = 'flag';
    files = [kubeconfig];
  } else if (env['KUBERNETES_SERVICE_HOST'] && exists(SERVICE_ACCOUNT_TOKEN_PATH)) {
    source = 'in-cluster';
  } else if (env['KUBECONFIG']) {
    source = 'KUBECONFIG';
    // Like kubectl: every file of the list is merged, and the first names the current context.
    files = env['KUBECONFIG'].split(delimiter).filter((f) => f !== '');
  } else if (exists(join(home, '.kube', 'config'))) {
    source = 'home';
    files = [join(home, '.kube', 'config')];
  } else {
    throw new KubeConfigError('no cluster configuration found: not in a cluster, $KUBECONFIG is unset and ~/.kube/config does not exist; pass --kubeconfig');
  }
  const what = source === 'in-cluster' ? 'the in-cluster configuration' : files.join(delimiter);
  try {
    if (source === 'in-cluster') config.loadFromCluster();
    else {
      config.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        config.mergeConfig(more, true);
      }
    }
  } catch (e) {
    throw new KubeConfigError(`loading ${what}`, { cause: e });
  }
  const cluster = config.getCurrentCluster();
  if (!cluster?.server) {
    throw new KubeConfigError(`${what} has no current context with a cluster server`);
  }
  return { config, source, server: cluster.server };
}
