/**
 * The load: wrk (lib/wrk.js) or autocannon (programmatic API) over keep-alive
 * connections, or, for the fresh-handshake mode, node's https client with a
 * new TLS connection per request. Each measurement has a warm-up (connections open,
 * JIT settled) that is not counted; the window after it counts responses,
 * latencies and the server's CPU time between the same two instants.
 *
 * Latencies are taken from autocannon's per-response event, in milliseconds
 * with sub-millisecond precision: its own histogram keeps whole milliseconds,
 * too coarse for a 2 ms target.
 */
import https from 'node:https';
import autocannon from 'autocannon';
import { cpuSeconds, machineBusySeconds } from './process-stats.js';
import { hasWrk, wrkLoad } from './wrk.js';

/** LOAD_GENERATORS are the keep-alive load generators; wrk is the default where it is installed. */
export const LOAD_GENERATORS = ['wrk', 'autocannon'];
let generator = hasWrk ? 'wrk' : 'autocannon';

/** useLoadGenerator picks the keep-alive load generator (the benchmarks' --load-generator). */
export function useLoadGenerator(name) {
  if (!LOAD_GENERATORS.includes(name)) throw new Error(`unknown load generator ${name}: one of ${LOAD_GENERATORS.join(', ')}`);
  if (name === 'wrk' && !hasWrk) throw new Error('wrk is not installed (apt-get install wrk), or use --load-generator autocannon');
  generator = name;
}

/** loadGenerator is the keep-alive load generator in use. */
export function loadGenerator() {
  return generator;
}

/** AUTOCANNON_TIMEOUT_S fails a request that takes longer than this; no healthy cell comes near it. */
const AUTOCANNON_TIMEOUT_S = 10;

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Window counts what happens between open() and close(): responses, latencies, server and client CPU. */
class Window {
  constructor(pid) {
    this.pid = pid;
    this.open = false;
    this.ok = 0;
    this.non2xx = 0;
    this.errors = 0;
    this.uncounted = 0;
    this.latencies = [];
  }

  start() {
    this.t0 = performance.now();
    this.cpu0 = cpuSeconds(this.pid);
    this.client0 = process.cpuUsage();
    this.machine0 = machineBusySeconds();
    this.open = true;
  }

  stop() {
    this.open = false;
    this.t1 = performance.now();
    this.cpu1 = cpuSeconds(this.pid);
    this.client1 = process.cpuUsage(this.client0);
    this.machine1 = machineBusySeconds();
  }

  record(statusCode, latencyMs) {
    if (!this.open) {
      this.uncounted++;
      return;
    }
    if (statusCode >= 200 && statusCode < 300) {
      this.ok++;
      this.latencies.push(latencyMs);
    } else this.non2xx++;
  }

  error() {
    if (this.open) this.errors++;
  }

  result() {
    const seconds = (this.t1 - this.t0) / 1000;
    const serverCpu = this.cpu1 - this.cpu0;
    const clientCpu = (this.client1.user + this.client1.system) / 1e6;
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      requests: this.ok,
      // Answered outside the window (warm-up, last in-flight): for the log bytes per request only.
      uncounted: this.uncounted,
      non2xx: this.non2xx,
      errors: this.errors,
      seconds,
      rps: this.ok / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      serverCpuUsPerRequest: this.ok ? (serverCpu / this.ok) * 1e6 : NaN,
      serverCpuUtilisation: serverCpu / seconds,
      clientCpuUtilisation: clientCpu / seconds,
      // What the rest of the machine used meanwhile, in cores: the noise.
      othersCpuUtilisation: Math.max(0, this.machine1 - this.machine0 - serverCpu - clientCpu) / seconds,
    };
  }
}

function windowed(pid, warmSeconds, seconds, run) {
  const window = new Window(pid);
  return new Promise((resolve, reject) => {
    let stopLoad;
    const startTimer = setTimeout(() => window.start(), warmSeconds * 1000);
    const stopTimer = setTimeout(() => {
      window.stop();
      stopLoad();
    }, (warmSeconds + seconds) * 1000);
    stopLoad = run(window, (error) => {
      clearTimeout(startTimer);
      clearTimeout(stopTimer);
      if (error) reject(error);
      else resolve(window.result());
    });
  });
}

/** keepAliveLoad drives server with `connections` keep-alive connections, one request in flight on each. */
export function keepAliveLoad(options) {
  return generator === 'wrk' ? wrkLoad(options) : autocannonLoad(options);
}

function autocannonLoad({ server, ca, request, connections, warmSeconds, seconds }) {
  return windowed(server.pid, warmSeconds, seconds, (window, done) => {
    const instance = autocannon(
      {
        url: `https://127.0.0.1:${server.port}${request.path}`,
        servername: 'localhost',
        tlsOptions: { ca },
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.body,
        connections,
        pipelining: 1,
        // Stopped by the window; the duration is only a safety net.
        duration: warmSeconds + seconds + 5,
        timeout: AUTOCANNON_TIMEOUT_S,
      },
      (error) => done(error),
    );
    instance.on('response', (_client, statusCode, _bytes, latencyMs) => window.record(statusCode, latencyMs));
    instance.on('reqError', () => window.error());
    return () => instance.stop();
  });
}

function postOnce(port, ca, request, agent) {
  return new Promise((resolve) => {
    const begin = performance.now();
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca,
        agent,
        method: 'POST',
        path: request.path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), latencyMs: performance.now() - begin }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, error, latencyMs: performance.now() - begin }));
    req.end(request.body);
  });
}

/**
 * handshakeLoad drives server with `concurrency` clients that each open a new
 * TLS connection (full handshake, no session resumption, certificate
 * verified against the CA) for every request: the cost without keep-alive.
 */
export function handshakeLoad({ server, ca, request, concurrency, warmSeconds, seconds }) {
  return windowed(server.pid, warmSeconds, seconds, (window, done) => {
    let running = true;
    const loop = async () => {
      while (running) {
        const answer = await postOnce(server.port, ca, request, false);
        if (answer.status === 0) window.error();
        else window.record(answer.status, answer.latencyMs);
      }
    };
    const loops = Array.from({ length: concurrency }, loop);
    return () => {
      running = false;
      Promise.all(loops).then(() => done(), done);
    };
  });
}

/**
 * verifyAnswer sends one request and checks that the answer is a correct
 * AdmissionReview for it (uid echoed, allowed, the expected patch), so that
 * no server is timed answering something else.
 */
export async function verifyAnswer(server, ca, request) {
  const agent = new https.Agent({ keepAlive: false });
  const answer = await postOnce(server.port, ca, request, agent);
  agent.destroy();
  const fail = (why) => {
    throw new Error(`${server.name} answered ${request.path} wrongly (${why}): ${answer.status} ${answer.body?.slice(0, 300)}`);
  };
  if (answer.status !== 200) fail('status');
  const review = JSON.parse(answer.body);
  if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') fail('envelope');
  const response = review.response;
  if (response?.uid !== request.uid || response.allowed !== true) fail('uid or allowed');
  const patch = response.patch ? JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) : undefined;
  if (JSON.stringify(patch) !== JSON.stringify(request.patch)) fail('patch');
}

/**
 * sendRequests sends exactly `count` requests over the keep-alive agent's
 * connections (`connections` in flight, one on each), and resolves with how
 * many were not a 2xx. For counting what a server does per request
 * (bench/instructions.js), where the number of requests, not the time, is
 * fixed; the caller keeps the agent across calls, so that a counted batch
 * opens no connection (a TLS handshake costs about as much as 25 requests).
 */
export async function sendRequests({ server, ca, request, count, connections, agent }) {
  let sent = 0;
  let failed = 0;
  const loop = async () => {
    while (sent < count) {
      sent++;
      const answer = await postOnce(server.port, ca, request, agent);
      if (answer.status < 200 || answer.status >= 300) failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return failed;
}
