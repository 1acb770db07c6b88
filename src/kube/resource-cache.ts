/**
 * ResourceCache is the webhook's local copy of one kind of object across the
 * cluster, kept by an informer (list, then watch) so that rules can warn from
 * cluster state without ever calling the API server on the request path. It
 * holds, per object, only what its WatchedResource reduces the object to.
 *
 * It only ever feeds warnings, so it fails open: when the API server cannot be
 * reached the webhook keeps admitting, the cache reports itself not synced
 * (the rules then stay silent rather than warn from stale data), and the
 * informer is restarted with backoff, relisting from scratch.
 */
import { EventEmitter } from 'node:events';
import { type KubeConfig, type KubernetesListObject, type KubernetesObject, ListWatch } from '@kubernetes/client-node';
import { errorMessage } from '../core/error-message.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { ClusterCacheError } from './errors.js';
import { StoppableWatch } from './stoppable-watch.js';

/**
 * WatchedResource says what to list and watch and what to keep of each
 * object: reduce returns the fields the rules need, or undefined for an
 * object they cannot use; index, when given, groups objects by a key the
 * rules look them up by (a Listener's namespace and host).
 */
export interface WatchedResource<S> {
  /** kind names the objects in messages ("listing AttachedConnectors"). */
  kind: string;
  /** resource is the plural resource name, for metrics and logs. */
  resource: string;
  /** path is the cluster-wide collection's URL path, which the watch follows. */
  path: string;
  /** lister makes the function that lists the collection once. */
  lister(kubeConfig: KubeConfig): () => Promise<KubernetesListObject<KubernetesObject>>;
  reduce(object: KubernetesObject): S | undefined;
  index?(namespace: string, state: S): string;
}

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
  /** objects counts the objects held. */
  objects: number;
  /** since is when the state last changed. */
  since: Date;
  /** lastError is the latest failure, while not synced. */
  lastError?: string;
  /** retryAt is when the next restart is due, while not synced. */
  retryAt?: Date;
}

/** ResourceCacheEvents are what the cache emits, for logs and metrics. */
export interface ResourceCacheEvents {
  /** synced follows every successful list. */
  synced: [objects: number];
  /** error follows every failure of the informer; the restart is due in retryInMs. Without a listener it is dropped. */
  error: [error: ClusterCacheError, retryInMs: number];
}

/** ResourceCacheOptions tune the restart schedule (tests shorten it). */
export interface ResourceCacheOptions {
  backoff?: BackoffOptions;
  listTimeoutMs?: number;
  relistIntervalMs?: number;
}

/** keyOf keys an object by namespace and name, as client-go's cache does. */
export function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** NO_OBJECTS is what byIndex returns for an index key nothing is under. */
const NO_OBJECTS: ReadonlyMap<string, never> = new Map<string, never>();

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    // A list still in flight when the cache stops runs out unobserved: its deadline must not hold the process.
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** ResourceCache holds the reduced objects of one WatchedResource, kept by an informer. */
export class ResourceCache<S> extends EventEmitter<ResourceCacheEvents> {
  private objects = new Map<string, S>();
  /** indexed maps each index key to the objects under it, by key; empty without an index. */
  private indexed = new Map<string, Map<string, S>>();
  private state: CacheState = 'starting';
  private since = new Date();
  private lastError: string | undefined;
  private retryAt: Date | undefined;
  /** generation identifies the current informer; callbacks of older ones are ignored. */
  private generation = 0;
  /** listed says whether the current informer's list has succeeded, to word its failures. */
  private listed = false;
  private informer: { listWatch: ListWatch<KubernetesObject>; watch: StoppableWatch } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly list: () => Promise<KubernetesListObject<KubernetesObject>>;
  private readonly backoff: Backoff;
  private readonly listTimeoutMs: number;
  private readonly relistIntervalMs: number;

  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly watched: WatchedResource<S>,
    options: ResourceCacheOptions = {},
  ) {
    super();
    this.list = watched.lister(kubeConfig);
    this.backoff = new Backoff(options.backoff ?? RESTART_BACKOFF);
    this.listTimeoutMs = options.listTimeoutMs ?? LIST_TIMEOUT_MS;
    this.relistIntervalMs = options.relistIntervalMs ?? RELIST_INTERVAL_MS;
  }

  /** synced is true while the informer runs on a successful list; false before it and while it restarts. */
  synced(): boolean {
    return this.state === 'synced';
  }

  /** get answers from memory; callers check synced() first. */
  get(namespace: string, name: string): S | undefined {
    return this.objects.get(keyOf(namespace, name));
  }

  /** byIndex returns the objects under an index key, by namespace/name key; empty when there are none. */
  byIndex(indexKey: string): ReadonlyMap<string, S> {
    return this.indexed.get(indexKey) ?? NO_OBJECTS;
  }

  /** size counts the objects held. */
  get size(): number {
    return this.objects.size;
  }

  /** status describes the cache for /readyz?verbose. */
  status(): CacheStatus {
    const status: CacheStatus = { state: this.state, objects: this.objects.size, since: this.since };
    if (this.state !== 'synced' && this.lastError !== undefined) status.lastError = this.lastError;
    if (this.state !== 'synced' && this.retryAt !== undefined) status.retryAt = this.retryAt;
    return status;
  }

  /** start begins listing and watching; it does not wait for the first list (listen for 'synced'). */
  start(): void {
    if (this.state === 'stopped') throw new Error(`the ${this.watched.kind} cache cannot be started again once stopped`);
    if (this.informer || this.timer) return;
    this.run();
  }

  /**
   * stop ends the informer and every timer; the cache then reports itself not
   * synced, and no retry. A list in flight is left to answer or time out, and
   * its answer ignored.
   */
  async stop(): Promise<void> {
    this.setState('stopped');
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.retryAt = undefined;
    this.stopInformer();
  }

  private run(): void {
    const generation = ++this.generation;
    this.listed = false;
    const current = () => generation === this.generation;
    const list = async (): Promise<KubernetesListObject<KubernetesObject>> => {
      // The informer lists again after a 410 Gone: a failure until that list succeeds is a list's.
      if (current()) this.listed = false;
      const result = await withTimeout(this.list(), this.listTimeoutMs, `listing ${this.watched.kind}s`);
      // The informer applies this list right after we return, in the same
      // turn of the event loop; replacing our map here is equivalent and
      // lets synced() turn true at exactly the moment the data is complete.
      if (current()) this.replaceAll(result.items ?? []);
      return result;
    };
    // What client-node's makeInformer builds, with a watch that can be stopped while it connects.
    const watch = new StoppableWatch(this.kubeConfig);
    const informer = new ListWatch<KubernetesObject>(this.watched.path, watch, list, false);
    const put = (object: KubernetesObject) => {
      if (current() && object.metadata?.name) this.put(object.metadata.namespace ?? '', object.metadata.name, this.watched.reduce(object));
    };
    informer.on('add', put);
    informer.on('update', put);
    informer.on('delete', (object) => {
      if (current() && object.metadata?.name) this.put(object.metadata.namespace ?? '', object.metadata.name, undefined);
    });
    informer.on('error', (e: unknown) => {
      if (current()) this.fail(e);
    });
    this.informer = { listWatch: informer, watch };
    informer.start().catch((e: unknown) => {
      if (current()) this.fail(e);
    });
  }

  /** put stores, replaces or (with undefined) forgets one object, in the index too. */
  private put(namespace: string, name: string, state: S | undefined): void {
    const key = keyOf(namespace, name);
    const index = this.watched.index;
    const previous = this.objects.get(key);
    if (index && previous !== undefined) {
      const indexKey = index(namespace, previous);
      const group = this.indexed.get(indexKey);
      group?.delete(key);
      if (group?.size === 0) this.indexed.delete(indexKey);
    }
    if (state === undefined) {
      this.objects.delete(key);
      return;
    }
    this.objects.set(key, state);
    if (index) {
      const indexKey = index(namespace, state);
      let group = this.indexed.get(indexKey);
      if (!group) this.indexed.set(indexKey, (group = new Map()));
      group.set(key, state);
    }
  }

  private replaceAll(items: KubernetesObject[]): void {
    this.objects = new Map();
    this.indexed = new Map();
    for (const item of items) {
      if (item.metadata?.name) this.put(item.metadata.namespace ?? '', item.metadata.name, this.watched.reduce(item));
    }
    this.listed = true;
    this.lastError = undefined;
    this.retryAt = undefined;
    this.setState('synced');
    this.schedule(this.relistIntervalMs, () => this.restart());
    this.emit('synced', this.objects.size);
  }

  private fail(e: unknown): void {
    const error = new ClusterCacheError(`${this.listed ? 'watching' : 'listing'} ${this.watched.kind}s`, { cause: e });
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
