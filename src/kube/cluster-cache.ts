/**
 * ClusterCache is the cluster state the warnings read, `serve --kube` only:
 * one ResourceCache per resource the rules ask about, each listed and
 * watched across all namespaces, each synced (or not) on its own so that one
 * failing informer silences only the warnings that need it. Each keeps only
 * the fields its rules read: an AttachedConnector's siteNamespace; a
 * Listener's or MultiKeyListener's host and port; a Service's name and
 * whether Skupper made it for a listener.
 */
import { EventEmitter } from 'node:events';
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { LISTENER_SERVICE_LABEL } from '../resources/cluster-labels.js';
import type { AttachedConnectorState, ClusterPart, ClusterState, ExposureState, ServiceState } from '../resources/resource.js';
import type { ClusterCacheError } from './errors.js';
import { type CacheStatus, ResourceCache, type ResourceCacheOptions, type WatchedResource } from './resource-cache.js';

/** SKUPPER_API is the group and version of the Skupper resources watched. */
const SKUPPER_API = { group: 'skupper.io', version: 'v2alpha1' } as const;


interface Spec extends KubernetesObject {
  spec?: Record<string, unknown>;
}

function skupperLister(plural: string): WatchedResource<unknown>['lister'] {
  return (kubeConfig) => {
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    return async () => (await api.listClusterCustomObject({ ...SKUPPER_API, plural })) as KubernetesListObject<KubernetesObject>;
  };
}

function skupperResource<S>(kind: string, plural: ClusterPart, reduce: (object: Spec) => S | undefined, index?: (namespace: string, state: S) => string): WatchedResource<S> {
  return { kind, resource: plural, path: `/apis/${SKUPPER_API.group}/${SKUPPER_API.version}/${plural}`, lister: skupperLister(plural), reduce, index };
}

/** hostKey indexes exposures by the Service they name. */
function hostKey(namespace: string, host: string): string {
  return `${namespace}/${host}`;
}

function exposure(kind: ExposureState['kind']): WatchedResource<ExposureState> {
  const plural = kind === 'Listener' ? 'listeners' : 'multikeylisteners';
  const reduce = (object: Spec): ExposureState | undefined => {
    const host = object.spec?.['host'];
    const port = object.spec?.['port'];
    const name = object.metadata?.name;
    return typeof host === 'string' && typeof port === 'number' && name ? { kind, name, host, port } : undefined;
  };
  return skupperResource(kind, plural, reduce, (namespace, state) => hostKey(namespace, state.host));
}

/** WATCHED are the resources the cache keeps, by part. */
export const WATCHED = {
  attachedconnectors: skupperResource<AttachedConnectorState>('AttachedConnector', 'attachedconnectors', (object) => {
    const siteNamespace = object.spec?.['siteNamespace'];
    return typeof siteNamespace === 'string' ? { siteNamespace } : {};
  }),
  listeners: exposure('Listener'),
  multikeylisteners: exposure('MultiKeyListener'),
  services: {
    kind: 'Service',
    resource: 'services',
    path: '/api/v1/services',
    lister: (kubeConfig) => {
      const api = kubeConfig.makeApiClient(CoreV1Api);
      return async () => (await api.listServiceForAllNamespaces({})) as KubernetesListObject<KubernetesObject>;
    },
    reduce: (object) => ({ skupperOwned: object.metadata?.labels?.[LISTENER_SERVICE_LABEL] !== undefined }),
  } satisfies WatchedResource<ServiceState>,
} as const;

/** ClusterCacheEvents are each part's events, with the part. */
export interface ClusterCacheEvents {
  synced: [part: ClusterPart, objects: number];
  error: [part: ClusterPart, error: ClusterCacheError, retryInMs: number];
}

/** PartStatus is one part's status, for readiness and metrics. */
export interface PartStatus extends CacheStatus {
  part: ClusterPart;
  kind: string;
}

/** ClusterCache is a ClusterState kept by one informer per part. */
export class ClusterCache extends EventEmitter<ClusterCacheEvents> implements ClusterState {
  private readonly attachedConnectorCache: ResourceCache<AttachedConnectorState>;
  private readonly listenerCache: ResourceCache<ExposureState>;
  private readonly multiKeyListenerCache: ResourceCache<ExposureState>;
  private readonly serviceCache: ResourceCache<ServiceState>;
  private readonly parts: Record<ClusterPart, ResourceCache<unknown>>;

  constructor(kubeConfig: KubeConfig, options: ResourceCacheOptions = {}) {
    super();
    this.attachedConnectorCache = new ResourceCache(kubeConfig, WATCHED.attachedconnectors, options);
    this.listenerCache = new ResourceCache(kubeConfig, WATCHED.listeners, options);
    this.multiKeyListenerCache = new ResourceCache(kubeConfig, WATCHED.multikeylisteners, options);
    this.serviceCache = new ResourceCache(kubeConfig, WATCHED.services, options);
    this.parts = {
      attachedconnectors: this.attachedConnectorCache,
      listeners: this.listenerCache,
      multikeylisteners: this.multiKeyListenerCache,
      services: this.serviceCache,
    };
    for (const [part, cache] of this.entries()) {
      cache.on('synced', (objects) => this.emit('synced', part, objects));
      // Without a listener of ours the error is dropped: a cache that only feeds warnings must never crash the server.
      cache.on('error', (error, retryInMs) => {
        if (this.listenerCount('error') > 0) this.emit('error', part, error, retryInMs);
      });
    }
  }

  private entries(): Array<[ClusterPart, ResourceCache<unknown>]> {
    return Object.entries(this.parts) as Array<[ClusterPart, ResourceCache<unknown>]>;
  }

  /** synced reports whether every part named (every part, when none is) is synced. */
  synced(...parts: ClusterPart[]): boolean {
    const names = parts.length > 0 ? parts : (Object.keys(this.parts) as ClusterPart[]);
    return names.every((part) => this.parts[part].synced());
  }

  attachedConnector(namespace: string, name: string): AttachedConnectorState | undefined {
    return this.attachedConnectorCache.get(namespace, name);
  }

  exposures(namespace: string, host: string): ExposureState[] {
    const key = hostKey(namespace, host);
    return [...this.listenerCache.byIndex(key).values(), ...this.multiKeyListenerCache.byIndex(key).values()];
  }

  service(namespace: string, name: string): ServiceState | undefined {
    return this.serviceCache.get(namespace, name);
  }

  /** statuses describes each part, for /readyz?verbose and the metrics. */
  statuses(): PartStatus[] {
    return this.entries().map(([part, cache]) => ({ part, kind: cache.watched.kind, ...cache.status() }));
  }

  /** start begins listing and watching every part; it does not wait (listen for 'synced'). */
  start(): void {
    for (const [, cache] of this.entries()) cache.start();
  }

  /** stop ends every informer and timer. */
  async stop(): Promise<void> {
    await Promise.all(this.entries().map(([, cache]) => cache.stop()));
  }
}
