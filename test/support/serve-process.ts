/**
 * Test support for `skupper-webhook serve`: the built CLI in a child process
 * (Serve, serve), and the HTTPS and plain-HTTP clients the tests reach it
 * with (review, get, request, metric). The tests in test/commands/serve-*.test.ts
 * share these.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { requestFor, reviewFor, validBinding } from '../fixtures/reviews.js';
import { CLI } from './run-cli.js';
import { type TestPair, testCertificates } from './test-certificates.js';

/** BINDING_REVIEW is an AdmissionReview of a valid AttachedConnectorBinding, as sent on the wire. */
export const BINDING_REVIEW = JSON.stringify(reviewFor(requestFor(validBinding())));

/** LogLine is one JSON log line of the child. */
export type LogLine = Record<string, any>;

/** Serve is a running `serve` child and what it has said so far. */
export class Serve {
  readonly lines: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  webhookPort = 0;
  metricsPort = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (text) => {
      this.lines.push(JSON.parse(text) as LogLine);
      for (const wake of this.waiters) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
  }

  /** line waits for the first log line matching predicate. */
  async line(predicate: (line: LogLine) => boolean, what: string, timeoutMs = 10_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`no log line ${what}; stderr: ${this.stderr}; stdout: ${JSON.stringify(this.lines)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
        setTimeout(wake, 50);
      });
    }
  }

  /** listening waits for both listeners and learns their ports. */
  async listening(): Promise<this> {
    this.webhookPort = (await this.line((l) => l['msg'] === 'listening' && l['server'] === 'webhook', 'listening (webhook)'))['port'];
    this.metricsPort = (await this.line((l) => l['msg'] === 'listening' && l['server'] === 'metrics', 'listening (metrics)'))['port'];
    return this;
  }

  /** kill stops the child with SIGKILL unless it has already ended. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** serve starts `serve` on 127.0.0.1, on a port of its own choosing, with JSON logs, in cwd; nodeArgs go to node before the CLI. */
export function serve(args: string[], cwd: string, options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Serve {
  const argv = [...(options.nodeArgs ?? []), CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--log-format', 'json', ...args];
  return new Serve(spawn(process.execPath, argv, { cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] }));
}

/**
 * writeServingPair writes one of the run's pairs (test-certificates.ts) into
 * dir as tls.crt and tls.key, replacing what is there, and returns serve's
 * flags for them and the CA a client must trust.
 */
export async function writeServingPair(dir: string, pair: TestPair = 'localhost'): Promise<{ flags: string[]; ca: string }> {
  const certs = await testCertificates(pair);
  const [cert, key] = [join(dir, 'tls.crt'), join(dir, 'tls.key')];
  await mkdir(dir, { recursive: true });
  await Promise.all([writeFile(cert, certs.tlsCert), writeFile(key, certs.tlsKey)]);
  return { flags: ['--tls-cert', cert, '--tls-key', key], ca: certs.caCert };
}

/** freePort finds a port nobody listens on (`--metrics-port 0` turns the listener off rather than picking one). */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Answer is an HTTP response, read to its end. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage, resolve: (answer: Answer) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
}

/** review posts an AdmissionReview over HTTPS; bodyDelayMs holds all but its first byte back that long. */
export function review(port: number, agent: https.Agent, path: '/validate' | '/mutate', body: string, bodyDelayMs = 0): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', servername: 'localhost', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => collect(res, resolve),
    );
    req.on('error', reject);
    if (bodyDelayMs === 0) req.end(body);
    else {
      req.write(body.slice(0, 1));
      setTimeout(() => req.end(body.slice(1)), bodyDelayMs);
    }
  });
}

/** request sends one plain-HTTP request with no body, on a connection of its own. */
export function request(port: number, method: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => collect(res, resolve)).on('error', reject).end();
  });
}

/** get fetches a path from the plain-HTTP metrics listener. */
export function get(port: number, path: string): Promise<Answer> {
  return request(port, 'GET', path);
}

/** metric reads one sample from /metrics text ("name{labels} value"). */
export function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** sleep waits ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * useTemporaryCwd gives the enclosing describe a working directory of its own
 * for serve (which makes development certificates in ./certs): made before
 * its tests, removed after them. Read it through the returned function.
 */
export function useTemporaryCwd(): () => string {
  let cwd = '';
  before(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'serve-command-test-'));
  });
  after(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  return () => cwd;
}
