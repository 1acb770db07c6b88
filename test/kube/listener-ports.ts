/**
 * Test support for test/kube/resource-cache.test.ts: a WatchedResource of
 * the fake API's Listeners whose list the tests count and make fail.
 */
import { CustomObjectsApi, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { WatchedResource } from '../../src/kube/resource-cache.js';
import { COLLECTIONS } from './fake-kube-api.js';

/** Port is what the test resource keeps of a Listener. */
export interface Port {
  host: string;
  port: number;
}

/**
 * Lister lists the fake API's Listeners as a WatchedResource's lister does,
 * counting its calls (made synchronously when the informer lists) and
 * throwing the failures queued, one per call, before it lists for real.
 */
export class Lister {
  calls = 0;
  failures: Error[] = [];

  /** make is the WatchedResource's lister. */
  make = (kubeConfig: KubeConfig) => {
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    return async (): Promise<KubernetesListObject<KubernetesObject>> => {
      this.calls++;
      const failure = this.failures.shift();
      if (failure) throw failure;
      return api.listClusterCustomObject({ group: 'skupper.io', version: 'v2alpha1', plural: 'listeners' });
    };
  };
}

/** listenerPorts is the WatchedResource under test: it keeps a Listener's host and port, indexed by namespace and host; it cannot use one whose port is not a number. */
export function listenerPorts(lister: Lister): WatchedResource<Port> {
  return {
    kind: 'Listener',
    resource: 'listeners',
    path: COLLECTIONS.Listener!,
    lister: lister.make,
    reduce: (object) => {
      const spec = (object as { spec?: { host?: unknown; port?: unknown } }).spec;
      return typeof spec?.host === 'string' && typeof spec.port === 'number' ? { host: spec.host, port: spec.port } : undefined;
    },
    index: (namespace, state) => `${namespace}/${state.host}`,
  };
}
