/**
 * Test support: a fake Kubernetes API server for the collections the
 * cluster cache watches (AttachedConnectors, Listeners, MultiKeyListeners,
 * Services), over real HTTPS with the test CA, speaking just enough of the
 * list/watch protocol: GET a collection for a List with a resourceVersion,
 * and GET it with ?watch=true for newline-delimited JSON events (ADDED,
 * MODIFIED, DELETED) that stay open until the server closes them. It can
 * end its watches as the API server does at its watch timeout, compact its
 * history so that a watch from an older resourceVersion gets 410 Gone, and be
 * killed (every connection dropped) and started again on the same port.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../support/test-certificates.js';

/** COLLECTIONS maps each kind served to the path the cache lists and watches. */
export const COLLECTIONS: Record<string, string> = {
  AttachedConnector: '/apis/skupper.io/v2alpha1/attachedconnectors',
  Listener: '/apis/skupper.io/v2alpha1/listeners',
  MultiKeyListener: '/apis/skupper.io/v2alpha1/multikeylisteners',
  Service: '/api/v1/services',
};

/** WATCHED_COLLECTIONS counts the collections the cluster cache lists and watches. */
export const WATCHED_COLLECTIONS = Object.keys(COLLECTIONS).length;

/** listener builds a Listener object. */
export function listener(namespace: string, name: string, host: string, port: number): Record<string, any> {
  return { apiVersion: 'skupper.io/v2alpha1', kind: 'Listener', metadata: { namespace, name }, spec: { routingKey: name, host, port } };
}

/** multiKeyListener builds a MultiKeyListener object. */
export function multiKeyListener(namespace: string, name: string, host: string, port: number): Record<string, any> {
  return { apiVersion: 'skupper.io/v2alpha1', kind: 'MultiKeyListener', metadata: { namespace, name }, spec: { host, port, strategy: { priority: { routingKeys: [name] } } } };
}

/** service builds a Service, with labels (Skupper's own carry internal.skupper.io/listener). */
export function service(namespace: string, name: string, labels: Record<string, string> = {}): Record<string, any> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name, labels }, spec: { ports: [{ port: 8080 }] } };
}

/** attachedConnector builds an AttachedConnector object. */
export function attachedConnector(namespace: string, name: string, siteNamespace: string): Record<string, any> {
  return {
    apiVersion: 'skupper.io/v2alpha1',
    kind: 'AttachedConnector',
    metadata: { namespace, name },
    spec: { siteNamespace, selector: 'app=backend', port: 8080 },
  };
}

/** FakeKubeApi is the fake server and the kubeconfig that points at it. */
export class FakeKubeApi {
  /** objects holds each collection's objects by namespace/name. */
  private readonly objects = new Map<string, Map<string, Record<string, any>>>();
  /** watchers holds each open watch with the collection it watches. */
  private readonly watchers = new Map<ServerResponse, string>();
  /** events lets a watch that starts at an older resourceVersion catch up, as the API server's watch cache does. */
  private readonly events: Array<{ collection: string; revision: number; line: string }> = [];
  private revision = 1;
  /** compacted is the oldest resourceVersion a watch can still start from (0: any). */
  private compacted = 0;
  private server: https.Server | undefined;
  /** lists counts the list requests served, of every collection. */
  lists = 0;
  /** listsOf counts the list requests served, by collection path. */
  readonly listsOf = new Map<string, number>();
  /** watches counts the watch requests answered 200, of every collection. */
  watches = 0;
  /** holdLists, while set, keeps list requests waiting until it resolves. */
  holdLists: Promise<void> | undefined;
  /** forbidWatches answers every watch 403, as the API server does when RBAC grants list but not watch. */
  forbidWatches = false;
  port = 0;
  dir = '';

  /** start listens (on the previous port when restarted) and writes the kubeconfig. */
  async start(): Promise<void> {
    const certs = await testCertificates();
    const server = https.createServer({ cert: certs.tlsCert, key: certs.tlsKey }, (req, res) => {
      // A request on a connection that was still in its TLS handshake when the server was killed.
      if (this.server !== server) res.destroy();
      else void this.handle(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    if (!this.dir) {
      this.dir = await mkdtemp(join(tmpdir(), 'fake-kube-api-'));
      const kubeconfig = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: `https://127.0.0.1:${this.port}`, 'certificate-authority-data': Buffer.from(certs.caCert).toString('base64') } }],
        users: [{ name: 'tester', user: { token: 'not-a-secret' } }],
        contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester' } }],
        'current-context': 'fake',
      };
      await writeFile(this.kubeconfig, JSON.stringify(kubeconfig));
    }
  }

  /** kubeconfig is the file pointing at this server. */
  get kubeconfig(): string {
    return join(this.dir, 'kubeconfig');
  }

  /** kill drops every connection, watches included, and stops listening. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const watcher of this.watchers.keys()) watcher.destroy();
    this.watchers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** close kills the server and removes the kubeconfig. */
  async close(): Promise<void> {
    await this.kill();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** put stores object (ADDED or MODIFIED) in its kind's collection and tells that collection's watches. */
  put(object: Record<string, any>): void {
    const [collection, key] = this.placeOf(object);
    const type = this.collection(collection).has(key) ? 'MODIFIED' : 'ADDED';
    this.store(collection, key, object);
    this.send(collection, type, this.collection(collection).get(key)!);
  }

  /** remove deletes an object of kind (AttachedConnector unless named) and tells the watches. */
  remove(namespace: string, name: string, kind = 'AttachedConnector'): void {
    const collection = COLLECTIONS[kind]!;
    const key = `${namespace}/${name}`;
    const object = this.collection(collection).get(key);
    if (!object) return;
    this.collection(collection).delete(key);
    this.send(collection, 'DELETED', { ...object, metadata: { ...object['metadata'], resourceVersion: String(++this.revision) } });
  }

  /** seed stores object without telling any watch, as if it existed before. */
  seed(object: Record<string, any>): void {
    this.store(...this.placeOf(object), object);
  }

  /** unseed deletes an object of kind without telling any watch, as if a watch had missed it. */
  unseed(namespace: string, name: string, kind: string): void {
    this.collection(COLLECTIONS[kind]!).delete(`${namespace}/${name}`);
    this.revision++;
  }

  /** endWatches ends every open watch cleanly, as the API server does when a watch's timeout runs out. */
  endWatches(): void {
    for (const watcher of this.watchers.keys()) watcher.end();
    this.watchers.clear();
  }

  /**
   * compact forgets the history of events, as etcd's compaction does: a watch
   * from an older resourceVersion then gets an ERROR event with a 410 Gone
   * Status and ends, and must list again.
   */
  compact(): void {
    this.events.length = 0;
    this.compacted = this.revision;
  }

  /** watching counts the open watches, of every collection. */
  get watching(): number {
    return this.watchers.size;
  }

  private placeOf(object: Record<string, any>): [string, string] {
    const collection = COLLECTIONS[object['kind']];
    if (!collection) throw new Error(`the fake API serves no ${object['kind']}`);
    return [collection, `${object['metadata'].namespace}/${object['metadata'].name}`];
  }

  private collection(path: string): Map<string, Record<string, any>> {
    let objects = this.objects.get(path);
    if (!objects) this.objects.set(path, (objects = new Map()));
    return objects;
  }

  private store(collection: string, key: string, object: Record<string, any>): void {
    this.collection(collection).set(key, { ...object, metadata: { ...object['metadata'], resourceVersion: String(++this.revision) } });
  }

  private send(collection: string, type: string, object: Record<string, any>): void {
    const line = `${JSON.stringify({ type, object })}\n`;
    this.events.push({ collection, revision: Number(object['metadata'].resourceVersion), line });
    for (const [watcher, watched] of this.watchers) if (watched === collection) watcher.write(line);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const collection = url.pathname;
    if (req.method !== 'GET' || !Object.values(COLLECTIONS).includes(collection)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 404 }));
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      if (this.forbidWatches) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      this.watches++;
      const from = Number(url.searchParams.get('resourceVersion') ?? 0);
      if (from > 0 && from < this.compacted) {
        const gone = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: `too old resource version: ${from} (${this.compacted})` };
        res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
        return;
      }
      for (const event of this.events) if (event.collection === collection && event.revision > from) res.write(event.line);
      this.watchers.set(res, collection);
      res.on('close', () => this.watchers.delete(res));
      return;
    }
    this.lists++;
    this.listsOf.set(collection, (this.listsOf.get(collection) ?? 0) + 1);
    if (this.holdLists) await this.holdLists;
    const kind = Object.keys(COLLECTIONS).find((k) => COLLECTIONS[k] === collection)!;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        apiVersion: kind === 'Service' ? 'v1' : 'skupper.io/v2alpha1',
        kind: `${kind}List`,
        metadata: { resourceVersion: String(this.revision) },
        items: [...this.collection(collection).values()],
      }),
    );
  }
}
