/**
 * AttachedConnectorCache is the webhook's local copy of every AttachedConnector
 * in the cluster, kept by an informer (list, then watch) so that the
 * AttachedConnectorBinding rules can warn about a binding with no connector to
 * pair with, without ever calling the API server on the request path.
 *
 * It only ever feeds warnings, so it fails open: when the API server cannot be
 * reached the webhook keeps admitting, the cache reports itself not synced
 * (the rules then stay silent rather than warn from stale data), and the
 * informer is restarted with backoff, relisting from scratch.
 */
import { EventEmitter } from 'node:events';
import { CustomObjectsApi, type KubeConfig, type KubernetesListObject, type KubernetesObject, ListWatch, Watch } from '@kubernetes/client-node';
import { errorMessage } from '../core/error-message.js';
import type { AttachedConnectorState, ClusterState } from '../resources/resource.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { ClusterCacheError } from './errors.js';

/** ATTACHED_CONNECTORS is the resource watched, across all namespaces. */
export const ATTACHED_CONNECTORS = { group: 'skupper.io', version: 'v2alpha1', plural: 'attachedconnectors' } as const;

/** ATTACHED_CONNECTORS_PATH is the cluster-wide collection's URL path. */
export const ATTACHED_CONNECTORS_PATH = `/apis/${ATTACHED_CONNECTORS.group}/${ATTACHED_CONNECTORS.version}/${ATTACHED_CONNECTORS.plural}`;

/** RESTART_BACKOFF starts a failed informer again after 1 s, doubling to 30 s: quick after a blip, gentle on an API server that is down. */
export const RESTART_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000 };

/** LIST_TIMEOUT_MS gives up on a list that hangs (client-node sets no timeout), so that the restart logic can take over. */
export const LIST_TIMEOUT_MS = 30_000;

/**
 * RELIST_INTERVAL_MS restarts a healthy informer with a fresh list. A watch
 * on a connection that died silently never ends and never errors; relisting
 * bounds how stale the cache can get, as client-go's 5 to 10 minute watch
 * timeouts do. The cache stays synced meanwhile.
 */
export const RELIST_INTERVAL_MS = 5 * 60_000;

/** MAX_ERROR_CHARS bounds the last error kept for /readyz, since API errors can carry whole response bodies. */
const MAX_ERROR_CHARS = 300;

/** CacheState is 'starting' until the first list, 'synced' while the informer runs, 'stale' after it failed once synced. */
export type CacheState = 'starting' | 'synced' | 'stale' | 'stopped';

/** CacheStatus is what /readyz?verbose and the logs say about the cache. */
export interface CacheStatus {
  state: CacheState;
  /** objects counts the AttachedConnectors held. */
  objects: number;
  /** since is when the state last changed. */
  since: Date;
  /** lastError is the latest failure, while not synced. */
  lastError?: string;
  /** retryAt is when the next restart is due, while not synced. */
  retryAt?: Date;
}

/** AttachedConnectorCacheEvents are what the cache emits, for logs and metrics. */
export interface AttachedConnectorCacheEvents {
  /** synced follows every successful list. */
  synced: [objects: number];
  /** error follows every failure of the informer; the restart is due in retryInMs. Without a listener it is dropped. */
  error: [error: ClusterCacheError, retryInMs: number];
}

/** AttachedConnectorCacheOptions tune the restart schedule (tests shorten it). */
export interface AttachedConnectorCacheOptions {
  backoff?: BackoffOptions;
  listTimeoutMs?: number;
  relistIntervalMs?: number;
}

interface AttachedConnector extends KubernetesObject {
  spec?: { siteNamespace?: unknown };
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function stateOf(object: AttachedConnector): AttachedConnectorState {
  const siteNamespace = object.spec?.siteNamespace;
  return typeof siteNamespace === 'string' ? { siteNamespace } : {};
}

/**
 * StoppableWatch closes a watch that connects after its informer was
 * stopped. ListWatch.stop() aborts only a watch already connected; one still
 * connecting when stop() runs would otherwise stay open for good.
 */
class StoppableWatch extends Watch {
  private stopped = false;
  private controller: AbortController | undefined;

  override async watch(...args: Parameters<Watch['watch']>): Promise<AbortController> {
    const controller = await super.watch(...args);
    if (this.stopped) controller.abort();
    else this.controller = controller;
    return controller;
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** AttachedConnectorCache is a ClusterState kept by an informer. */
export class AttachedConnectorCache extends EventEmitter<AttachedConnectorCacheEvents> implements ClusterState {
  private connectors = new Map<string, AttachedConnectorState>();
  private state: CacheState = 'starting';
  private since = new Date();
  private lastError: string | undefined;
  private retryAt: Date | undefined;
  /** generation identifies the current informer; callbacks of older ones are ignored. */
  private generation = 0;
  /** listed says whether the current informer's list has succeeded, to word its failures. */
  private listed = false;
  private informer: { listWatch: ListWatch<AttachedConnector>; watch: StoppableWatch } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly api: CustomObjectsApi;
  private readonly backoff: Backoff;
  private readonly listTimeoutMs: number;
  private readonly relistIntervalMs: number;

  constructor(
    private readonly kubeConfig: KubeConfig,
    options: AttachedConnectorCacheOptions = {},
  ) {
    super();
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
    this.backoff = new Backoff(options.backoff ?? RESTART_BACKOFF);
    this.listTimeoutMs = options.listTimeoutMs ?? LIST_TIMEOUT_MS;
    this.relistIntervalMs = options.relistIntervalMs ?? RELIST_INTERVAL_MS;
  }

  /** synced is true while the informer runs on a successful list; false before it and while it restarts. */
  synced(): boolean {
    return this.state === 'synced';
  }

  /** attachedConnector answers from memory; callers check synced() first. */
  attachedConnector(namespace: string, name: string): AttachedConnectorState | undefined {
    return this.connectors.get(keyOf(namespace, name));
  }

  /** size counts the AttachedConnectors held. */
  get size(): number {
    return this.connectors.size;
  }

  /** status describes the cache for /readyz?verbose. */
  status(): CacheStatus {
    const status: CacheStatus = { state: this.state, objects: this.connectors.size, since: this.since };
    if (this.state !== 'synced' && this.lastError !== undefined) status.lastError = this.lastError;
    if (this.state !== 'synced' && this.retryAt !== undefined) status.retryAt = this.retryAt;
    return status;
  }

  /** start begins listing and watching; it does not wait for the first list (listen for 'synced'). */
  start(): void {
    if (this.state === 'stopped') throw new Error('an AttachedConnectorCache cannot be started again once stopped');
    if (this.informer || this.timer) return;
    this.run();
  }

  /** stop ends the informer and every timer; the cache then reports itself not synced. */
  async stop(): Promise<void> {
    this.setState('stopped');
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopInformer();
  }

  private run(): void {
    const generation = ++this.generation;
    this.listed = false;
    const current = () => generation === this.generation;
    const list = async (): Promise<KubernetesListObject<AttachedConnector>> => {
      const result = (await withTimeout(
        this.api.listClusterCustomObject({ ...ATTACHED_CONNECTORS }),
        this.listTimeoutMs,
        'listing AttachedConnectors',
      )) as KubernetesListObject<AttachedConnector>;
      // The informer applies this list right after we return, in the same
      // turn of the event loop; replacing our map here is equivalent and
      // lets synced() turn true at exactly the moment the data is complete.
      if (current()) this.replaceAll(result.items ?? []);
      return result;
    };
    // What client-node's makeInformer builds, with a watch that can be stopped while it connects.
    const watch = new StoppableWatch(this.kubeConfig);
    const informer = new ListWatch<AttachedConnector>(ATTACHED_CONNECTORS_PATH, watch, list, false);
    const put = (object: AttachedConnector) => {
      if (current() && object.metadata?.name) this.connectors.set(keyOf(object.metadata.namespace ?? '', object.metadata.name), stateOf(object));
    };
    informer.on('add', put);
    informer.on('update', put);
    informer.on('delete', (object) => {
      if (current() && object.metadata?.name) this.connectors.delete(keyOf(object.metadata.namespace ?? '', object.metadata.name));
    });
    informer.on('error', (e: unknown) => {
      if (current()) this.fail(e);
    });
    this.informer = { listWatch: informer, watch };
    informer.start().catch((e: unknown) => {
      if (current()) this.fail(e);
    });
  }

  private replaceAll(items: AttachedConnector[]): void {
    const connectors = new Map<string, AttachedConnectorState>();
    for (const item of items) {
      if (item.metadata?.name) connectors.set(keyOf(item.metadata.namespace ?? '', item.metadata.name), stateOf(item));
    }
    this.connectors = connectors;
    this.listed = true;
    this.lastError = undefined;
    this.retryAt = undefined;
    this.setState('synced');
    this.schedule(this.relistIntervalMs, () => this.restart());
    this.emit('synced', connectors.size);
  }

  private fail(e: unknown): void {
    const error = new ClusterCacheError(this.listed ? 'watching AttachedConnectors' : 'listing AttachedConnectors', { cause: e });
    const delay = this.backoff.next();
    const message = errorMessage(error);
    this.lastError = message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
    this.retryAt = new Date(Date.now() + delay);
    if (this.state === 'synced') this.setState('stale');
    this.stopInformer();
    this.schedule(delay, () => this.run());
    // An 'error' with no listener would throw; a cache that only feeds warnings must never crash the server.
    if (this.listenerCount('error') > 0) this.emit('error', error, delay);
  }

  private restart(): void {
    // Only an informer that stayed healthy until its periodic relist resets the backoff: one whose
    // list succeeds but whose watch keeps failing (say RBAC grants list but not watch) must not
    // relist every second.
    this.backoff.reset();
    this.stopInformer();
    this.run();
  }

  private stopInformer(): void {
    // Bump the generation first: stopping aborts the watch, which the old informer reports as an error.
    this.generation++;
    const informer = this.informer;
    this.informer = undefined;
    informer?.watch.stop();
    void informer?.listWatch.stop();
  }

  private schedule(ms: number, action: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      action();
    }, ms);
    // The cache must never be what keeps the process alive.
    this.timer.unref();
  }

  private setState(state: CacheState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = new Date();
  }
}
