/**
 * Test support: a fake Kubernetes API server for AttachedConnectors, over
 * real HTTPS with the test CA, speaking just enough of the list/watch
 * protocol: GET the collection for a List with a resourceVersion, and GET it
 * with ?watch=true for newline-delimited JSON events (ADDED, MODIFIED,
 * DELETED) that stay open until the server closes them. It can be killed
 * (every connection dropped) and started again on the same port.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCertificates } from '../support/test-certificates.js';

/** COLLECTION is the path the cache lists and watches. */
export const COLLECTION = '/apis/skupper.io/v2alpha1/attachedconnectors';

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
  private readonly objects = new Map<string, Record<string, any>>();
  private readonly watchers = new Set<ServerResponse>();
  /** events lets a watch that starts at an older resourceVersion catch up, as the API server's watch cache does. */
  private readonly events: Array<{ revision: number; line: string }> = [];
  private revision = 1;
  private server: https.Server | undefined;
  /** lists counts the list requests served. */
  lists = 0;
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
    for (const watcher of this.watchers) watcher.destroy();
    this.watchers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** close kills the server and removes the kubeconfig. */
  async close(): Promise<void> {
    await this.kill();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** put stores object (ADDED or MODIFIED) and tells every watch. */
  put(object: Record<string, any>): void {
    const key = `${object['metadata'].namespace}/${object['metadata'].name}`;
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.store(key, object);
    this.send(type, this.objects.get(key)!);
  }

  /** remove deletes the object and tells every watch. */
  remove(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    this.send('DELETED', { ...object, metadata: { ...object['metadata'], resourceVersion: String(++this.revision) } });
  }

  /** seed stores object without telling any watch, as if it existed before. */
  seed(object: Record<string, any>): void {
    this.store(`${object['metadata'].namespace}/${object['metadata'].name}`, object);
  }

  /** watching counts the open watches. */
  get watching(): number {
    return this.watchers.size;
  }

  private store(key: string, object: Record<string, any>): void {
    this.objects.set(key, { ...object, metadata: { ...object['metadata'], resourceVersion: String(++this.revision) } });
  }

  private send(type: string, object: Record<string, any>): void {
    const line = `${JSON.stringify({ type, object })}\n`;
    this.events.push({ revision: Number(object['metadata'].resourceVersion), line });
    for (const watcher of this.watchers) watcher.write(line);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    if (req.method !== 'GET' || url.pathname !== COLLECTION) {
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
      const from = Number(url.searchParams.get('resourceVersion') ?? 0);
      for (const event of this.events) if (event.revision > from) res.write(event.line);
      this.watchers.add(res);
      res.on('close', () => this.watchers.delete(res));
      return;
    }
    this.lists++;
    if (this.holdLists) await this.holdLists;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        apiVersion: 'skupper.io/v2alpha1',
        kind: 'AttachedConnectorList',
        metadata: { resourceVersion: String(this.revision) },
        items: [...this.objects.values()],
      }),
    );
  }
}
