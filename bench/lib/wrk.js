/**
 * wrkLoad is keepAliveLoad with wrk (Debian's `wrk`, C, one thread) as the
 * load generator: `connections` keep-alive connections with one request in
 * flight each, a warm-up run that is not counted, then the counted run.
 * wrk drives a server much harder than autocannon from the same core (the
 * baseline reached about 24,000 req/s against about 15,000), so the servers,
 * not the load generator, set the pace. wrk does not verify certificates;
 * verifyAnswer checks every server once, with the CA, before any timing.
 *
 * The result has keepAliveLoad's shape. Latency percentiles are wrk's
 * (--latency, microsecond resolution); the load generator's CPU is the
 * children's CPU time of this process (/proc/self/stat cutime + cstime)
 * across the run, which counts wrk once it has exited and been reaped.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLOCK_TICKS, cpuSeconds, machineBusySeconds } from './process-stats.js';

const run = promisify(execFile);

/** hasWrk says whether wrk is on the PATH. */
export const hasWrk = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // wrk --version prints its usage and exits 1; only a missing binary is ENOENT.
    return e.code !== 'ENOENT';
  }
})();

/** childrenCpuSeconds is the CPU time of this process's reaped children (cutime + cstime). */
function childrenCpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

const scripts = new Map();

/** scriptFor writes (once) the Lua script that makes wrk POST request's body as JSON. */
function scriptFor(request) {
  let file = scripts.get(request);
  if (!file) {
    file = path.join(os.tmpdir(), `skupper-webhook-bench-${process.pid}-${scripts.size}.lua`);
    const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : request.body;
    writeFileSync(file, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`);
    scripts.set(request, file);
  }
  return file;
}

/** milliseconds reads one of wrk's durations ("612.00us", "2.31ms", "1.02s"). */
function milliseconds(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  return { us: value / 1000, ms: value, s: value * 1000, m: value * 60_000 }[match[2]];
}

/** parse reads wrk's report. */
function parse(output) {
  const requests = Number(/(\d+) requests in ([\d.]+)(\w+)/.exec(output)?.[1] ?? NaN);
  const seconds = milliseconds(/\d+ requests in ([\d.]+\w+)/.exec(output)?.[1] ?? '') / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const percentile = (p) => milliseconds(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output)?.[1] ?? '');
  return { requests, seconds, non2xx, errors, p50Ms: percentile(50), p99Ms: percentile(99) };
}

/** wrkLoad drives server with `connections` keep-alive connections, one request in flight on each. */
export async function wrkLoad({ server, request, connections, warmSeconds, seconds }) {
  const url = `https://127.0.0.1:${server.port}${request.path}`;
  const script = scriptFor(request);
  // wrk takes whole seconds: a fraction is rounded up.
  const args = (duration) => ['-t1', `-c${connections}`, `-d${Math.max(1, Math.ceil(duration))}s`, '--timeout', '10s', '--latency', '-s', script, url];
  let uncounted = 0;
  if (warmSeconds > 0) uncounted = parse((await run('wrk', args(warmSeconds))).stdout).requests || 0;
  const cpu0 = cpuSeconds(server.pid);
  const machine0 = machineBusySeconds();
  const client0 = childrenCpuSeconds();
  const t0 = performance.now();
  const { stdout } = await run('wrk', args(seconds));
  const wall = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(server.pid) - cpu0;
  const clientCpu = childrenCpuSeconds() - client0;
  const machine = machineBusySeconds() - machine0;
  const result = parse(stdout);
  // 2xx only, as autocannon's window counts them.
  const ok = result.requests - result.non2xx;
  return {
    requests: ok,
    uncounted,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.seconds,
    rps: ok / result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    serverCpuUsPerRequest: ok ? (serverCpu / ok) * 1e6 : NaN,
    serverCpuUtilisation: serverCpu / wall,
    clientCpuUtilisation: clientCpu / wall,
    othersCpuUtilisation: Math.max(0, machine - serverCpu - clientCpu) / wall,
  };
}
