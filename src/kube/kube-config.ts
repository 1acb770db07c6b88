/**
 * loadKubeConfig finds how to reach the API server: an explicit --kubeconfig,
 * else the pod's service account, $KUBECONFIG and ~/.kube/config in the order
 * the caller asks for (see KubeConfigPrecedence). Unlike client-node's
 * loadFromDefault it never falls back to an unconfigured
 * http://localhost:8080, which would only fail later and obscurely ("HTTP
 * protocol is not allowed when skipTLSVerify is not set"), and it refuses a
 * configuration without a current cluster here rather than at the first
 * request ("No active cluster!").
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';

/** SERVICE_ACCOUNT_TOKEN_PATH is where the kubelet mounts the pod's service account token. */
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * KubeConfigPrecedence says where the pod's service account ranks when there
 * is no --kubeconfig. `serve --kube` runs in a pod and puts it first, so a
 * stray $KUBECONFIG in the image cannot point the server at another cluster;
 * `ca-bundle` is run by a person or a Job and puts it last, as kubectl does,
 * so an explicit kubeconfig wins.
 */
export type KubeConfigPrecedence = 'in-cluster-first' | 'in-cluster-last';

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
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  exists: (path: string) => boolean;
}

/**
 * kubeConfigEnvironment is the environment of a command run with env: its
 * $HOME, else os.homedir() (this process's $HOME, else the account's home),
 * and the real file system.
 */
export function kubeConfigEnvironment(env: Readonly<Record<string, string | undefined>>): KubeConfigEnvironment {
  return { env, home: env['HOME'] || homedir(), exists: existsSync };
}

const PROCESS_ENVIRONMENT: KubeConfigEnvironment = kubeConfigEnvironment(process.env);

/** loadKubeConfig returns the configuration to use, or throws a KubeConfigError saying why there is none. */
export function loadKubeConfig(
  kubeconfig: string | undefined,
  environment: KubeConfigEnvironment = PROCESS_ENVIRONMENT,
  precedence: KubeConfigPrecedence = 'in-cluster-first',
): LoadedKubeConfig {
  const config = new KubeConfig();
  const { env, home, exists } = environment;
  const inCluster = Boolean(env['KUBERNETES_SERVICE_HOST']) && exists(SERVICE_ACCOUNT_TOKEN_PATH);
  // Like kubectl: every file of the list is merged, and the first names the current context.
  const listed = (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f !== '');
  const homeFile = join(home, '.kube', 'config');
  let source: KubeConfigSource;
  let files: string[] = [];
  if (kubeconfig) {
    source = 'flag';
    files = [kubeconfig];
  } else if (inCluster && precedence === 'in-cluster-first') {
    source = 'in-cluster';
  } else if (listed.length > 0) {
    source = 'KUBECONFIG';
    // As client-go does, a listed file that does not exist is skipped; none at all is an error.
    files = listed.filter((file) => exists(file));
    if (files.length === 0) throw new KubeConfigError(`no kubeconfig: none of the files $KUBECONFIG lists exists (${listed.join(', ')})`);
  } else if (exists(homeFile)) {
    source = 'home';
    files = [homeFile];
  } else if (inCluster) {
    source = 'in-cluster';
  } else {
    throw new KubeConfigError(
      `no kubeconfig: $KUBECONFIG ${env['KUBECONFIG'] ? 'names no file' : 'is unset'}, ${homeFile} does not exist and this is not a pod with a service account; pass --kubeconfig or set $KUBECONFIG`,
    );
  }
  const what = source === 'in-cluster' ? 'the in-cluster configuration' : `kubeconfig ${files.join(delimiter)}`;
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
