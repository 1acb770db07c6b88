/**
 * Starting and stopping the servers under test as child processes, each
 * pinned to its own core (taskset) away from the load generator, so that
 * the two do not fight for one core and the server's CPU time can be read
 * from /proc without counting the client's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateCertificates } from '../../dist/tls/generate.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** READY_TIMEOUT_MS bounds a server's start-up; past it the run fails rather than hang. */
const READY_TIMEOUT_MS = 30_000;

/** STOP_TIMEOUT_MS is how long a server gets to exit on SIGTERM before SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;

/** SERVERS describes every server the benchmark knows, by name. */
export const SERVERS = {
  baseline: { label: 'bare node https', script: 'servers/baseline.js' },
  floor: { label: 'floor: TLS + HTTP, no JSON', script: 'servers/floor.js' },
  // the baseline with the product's layers added one at a time (servers/baseline.js), to tell apart what core adds.
  'baseline-loaded': { label: 'baseline, product loaded', script: 'servers/baseline.js' },
  'baseline-decision': { label: "baseline, product's decision", script: 'servers/baseline.js' },
  core: { label: 'product, no observer', script: 'servers/product.js' },
  observed: { label: 'product, metrics + review log', script: 'servers/product.js', logs: true },
  // each observer alone, to tell their costs apart.
  'metrics-only': { label: 'product, metrics only', script: 'servers/product.js' },
  'log-only': { label: 'product, review log only', script: 'servers/product.js', logs: true },
  serve: { label: 'product as shipped (serve)', serve: true },
  // serve with denials and bad requests unlogged too, and with every review logged (debug), to price the review line.
  'serve-warn': { label: 'serve --log-level warn', serve: true, args: ['--log-level', 'warn'] },
  'serve-debug': { label: 'serve --log-level debug', serve: true, args: ['--log-level', 'debug'] },
  'express-json': { label: 'express + express.json()', script: 'servers/express-variants.js' },
  'express-raw': { label: 'express, body read by hand', script: 'servers/express-variants.js' },
};

/** running holds the server processes started and not yet exited, for killOnSignal. */
const running = new Set();

/**
 * killOnSignal makes sure child does not outlive this process when it is
 * stopped by SIGINT or SIGTERM (Ctrl-C reaches the whole process group, but
 * `timeout` or `kill` reaches only this process): on either signal every
 * child still running is killed, and this process exits as the signal asks.
 */
export function killOnSignal(child) {
  if (!killOnSignal.installed) {
    killOnSignal.installed = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
      process.on(signal, () => {
        for (const c of running) c.kill('SIGKILL');
        process.exit(code);
      });
    }
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** COMPARE_SUFFIX names a server run from another build of dist/ (--compare-dist): `core-compare`, `serve-compare`, … */
const COMPARE_SUFFIX = '-compare';

/**
 * serverSpec describes a server by name: one of SERVERS, or one of them with
 * COMPARE_SUFFIX, which runs the same server from the build in --compare-dist
 * (a change's before and after, in one run). It throws for an unknown name.
 */
export function serverSpec(name) {
  const base = name.endsWith(COMPARE_SUFFIX) ? name.slice(0, -COMPARE_SUFFIX.length) : name;
  const spec = SERVERS[base];
  if (!spec) throw new Error(`unknown server ${name}: one of ${Object.keys(SERVERS).join(', ')}, or one of them with the suffix ${COMPARE_SUFFIX}`);
  if (base === name) return { ...spec, variant: spec.variant ?? name };
  return { ...spec, variant: spec.variant ?? base, label: `${spec.label} (compared build)`, compare: true };
}

function allowedCpus() {
  try {
    const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    return list.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  } catch {
    return [];
  }
}

/**
 * pinCores puts the load generator (this process, all its threads) on one
 * core and returns the taskset prefix that puts servers on another, and the
 * two cores (server's first); with fewer than two cores or no taskset,
 * nothing is pinned, cpus is empty and the note says so.
 */
export function pinCores() {
  const cpus = allowedCpus();
  let hasTaskset = false;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    hasTaskset = true;
  } catch {}
  if (!hasTaskset || cpus.length < 2) {
    return { prefix: [], cpus: [], note: hasTaskset ? `only ${cpus.length} core: server and load generator share it` : 'taskset not found: nothing pinned' };
  }
  const [serverCpu, clientCpu] = cpus;
  execFileSync('taskset', ['-a', '-p', '-c', String(clientCpu), String(process.pid)], { stdio: 'ignore' });
  return { prefix: ['taskset', '-c', String(serverCpu)], cpus: [serverCpu, clientCpu], note: `server on cpu ${serverCpu}, load generator on cpu ${clientCpu}` };
}

/** freePort asks the kernel for a port that is free right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function get(port, ca, path) {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path, ca, servername: 'localhost', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * startServer starts the named server on the pinned core and resolves once
 * it answers: the IPC "listening" message for the bench's own servers, or
 * /readyz 200 for `serve` (so that startedMs is its time to ready).
 */
export async function startServer(name, { prefix, tls, scratch, logFile, nodeOptions = [], compareDist, wrapper = [], readyTimeoutMs = READY_TIMEOUT_MS, cwd }) {
  const spec = serverSpec(name);
  if (spec.compare && !compareDist) throw new Error(`${name} needs --compare-dist DIR: the build to compare`);
  // The compared build: serve runs its main.js, the bench's own servers import from it (BENCH_DIST).
  const dist = spec.compare ? `${path.resolve(compareDist)}/` : `${ROOT}dist/`;
  const env = spec.compare ? { BENCH_DIST: dist } : {};
  if (spec.compare && !existsSync(`${dist}../package.json`)) throw new Error(`${name}: the compared build needs package.json beside it (${dist}../package.json), as in the repository`);
  const begin = performance.now();
  let args;
  let port;
  let out = 'ignore';
  if (spec.serve) {
    port = await freePort();
    const metricsPort = await freePort();
    args = [
      ...nodeOptions,
      `${dist}main.js`,
      'serve',
      '--host', '127.0.0.1',
      '--port', String(port),
      '--metrics-port', String(metricsPort),
      '--tls-cert', tls.certFile,
      '--tls-key', tls.keyFile,
      '--log-format', 'json',
      '--shutdown-delay', '0',
      '--shutdown-timeout', '2',
      ...(spec.args ?? []),
    ];
  } else {
    const configFile = path.join(scratch, `${name}.json`);
    writeFileSync(configFile, JSON.stringify({ certFile: tls.certFile, keyFile: tls.keyFile, variant: spec.variant }));
    args = [...nodeOptions, `${BENCH_DIR}${spec.script}`, configFile];
  }
  // Logs go as a container runtime takes them: through a pipe to a collector
  // (cat, on the load generator's core, whose affinity it inherits), which
  // writes them to a file, where they are counted.
  let collector;
  if ((spec.serve || spec.logs) && logFile) {
    const file = openSync(logFile, 'w');
    collector = spawn('cat', [], { stdio: ['pipe', file, 'inherit'] });
    closeSync(file);
    out = collector.stdin;
  }
  // wrapper runs node under another program (valgrind, for bench/instructions.js).
  const [command, ...rest] = [...prefix, ...wrapper, process.execPath, ...args];
  const child = spawn(command, rest, {
    // cwd: where the server writes what it writes beside itself (V8's isolate logs under --perf-basic-prof).
    cwd,
    stdio: ['ignore', out, 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  killOnSignal(child);
  // The server holds the pipe now; the collector ends when it does.
  collector?.stdin.destroy();
  const collected = collector ? new Promise((resolve) => collector.once('exit', resolve)) : Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))).then(async (status) => {
    await collected;
    return status;
  });

  const ready = spec.serve
    ? (async () => {
        for (;;) {
          if ((await get(port, tls.ca, '/readyz')) === 200) return port;
          await new Promise((r) => setTimeout(r, 10));
        }
      })()
    : new Promise((resolve) => child.once('message', (message) => resolve(message.port)));
  let timer;
  const outcome = await Promise.race([
    ready.then((p) => ({ port: p })),
    exited.then((e) => ({ error: `${name} exited before it was ready (${e.code ?? e.signal})` })),
    new Promise((resolve) => (timer = setTimeout(() => resolve({ error: `${name} was not ready within ${readyTimeoutMs} ms` }), readyTimeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome.error) {
    child.kill('SIGKILL');
    throw new Error(outcome.error);
  }
  return {
    name,
    label: spec.label,
    pid: child.pid,
    port: outcome.port,
    startedMs: performance.now() - begin,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * scratchWithCertificates makes a scratch directory (in the system's temp
 * directory, named after `purpose`) holding a fresh serving pair for
 * 127.0.0.1 and localhost, valid two days, and returns it with the paths and
 * the CA that verifies it. The caller removes the directory.
 */
export async function scratchWithCertificates(purpose) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `skupper-webhook-${purpose}-`));
  const certs = await generateCertificates({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], days: 2 });
  const tls = { certFile: path.join(scratch, 'tls.crt'), keyFile: path.join(scratch, 'tls.key'), ca: certs.caCert };
  writeFileSync(tls.certFile, certs.tlsCert);
  writeFileSync(tls.keyFile, certs.tlsKey, { mode: 0o600 });
  return { scratch, tls };
}
