/**
 * `npm run bench`: the product's server against a bare Node HTTPS baseline
 * (bench/servers/baseline.js), in one run on this machine, with a real load
 * generator (wrk where installed, else autocannon), servers and load generator pinned to different
 * cores, keep-alive, API-server-shaped reviews (bench/fixtures.js), and the
 * servers measured in turn, in a rotating order, several rounds over. Each
 * product number is reported as a ratio to the baseline measured in the same
 * round (the median of those pairs, and their spread), because absolute
 * numbers move between machines and from minute to minute on a shared one.
 *
 * Beside them, at 16 in flight only, the floor (servers/floor.js: TLS and
 * HTTP with no JSON), and before any load, the host's stalls
 * (lib/host-stalls.js): together they show the least p99 this host allows.
 *
 * Then: the fresh-TLS-handshake-per-request mode; the same ratios at 16 in
 * flight measured simultaneously (lib/paired.js), which a noisy machine
 * disturbs far less than measuring in turn; peak RSS; start-up time to
 * ready; and `check` on 10,000 documents. The table is printed and the same
 * written as JSON to bench/results/. This is not a test: nothing here fails
 * on a timing.
 *
 *   npm run bench                      # the default run, about seven minutes
 *   npm run bench -- --seconds 2 --rounds 1   # a quick look
 *   npm run bench -- --variants        # add the express designs (README, Performance)
 *   npm run bench -- --no-floor --stall-seconds 0   # without the floor server and the host-stall probe
 *   npm run bench -- --profile         # CPU profiles of the product servers under load, summarised
 *   npm run bench -- --load-generator autocannon   # instead of wrk
 *   npm run bench -- --compare-dist DIR   # add the core server built into DIR (a copy of dist/ before a change);
 *                                         # --servers may then name any server suffixed -compare (serve-compare)
 *   npm run bench -- --servers baseline,core,serve,serve-debug,observed,metrics-only,log-only   # price the observers
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, failed, parseBenchArgs } from './lib/args.js';
import { REQUESTS } from './fixtures.js';
import { measureCheck, measureStartup } from './lib/cli-timings.js';
import { handshakeLoad, keepAliveLoad, loadGenerator, useLoadGenerator, verifyAnswer } from './lib/load.js';
import { pairedRounds } from './lib/paired.js';
import { hostStalls } from './lib/host-stalls.js';
import { hasProc, memory } from './lib/process-stats.js';
import { summariseProfile } from './lib/profile-summary.js';
import { printReport } from './lib/print-report.js';
import { fmt, summarise, targetChecks, TARGETS } from './lib/report.js';
import { pinCores, scratchWithCertificates, serverSpec, startServer } from './lib/servers.js';

const RESULTS_DIR = fileURLToPath(new URL('results/', import.meta.url));


const { values: options } = parseBenchArgs('run.js', {
  options: {
    seconds: { type: 'string', default: '3' },
    warm: { type: 'string', default: '0.5' },
    rounds: { type: 'string', default: '3' },
    'in-flight': { type: 'string', default: '1,16,64' },
    endpoints: { type: 'string', default: 'validate,mutate' },
    servers: { type: 'string', default: 'baseline,core,serve' },
    variants: { type: 'boolean', default: false },
    'handshake-seconds': { type: 'string', default: '2' },
    'paired-seconds': { type: 'string', default: '3' },
    'no-handshake': { type: 'boolean', default: false },
    'no-paired': { type: 'boolean', default: false },
    'no-cli': { type: 'boolean', default: false },
    'no-floor': { type: 'boolean', default: false },
    'stall-seconds': { type: 'string', default: '3' },
    'check-documents': { type: 'string', default: '10000' },
    profile: { type: 'boolean', default: false },
    'load-generator': { type: 'string' },
    'compare-dist': { type: 'string' },
  },
});

const SECONDS = Number(options.seconds);
const WARM = Number(options.warm);
const ROUNDS = Number(options.rounds);
const IN_FLIGHT = options['in-flight'].split(',').map(Number);
const ENDPOINTS = options.endpoints.split(',');
const VARIANTS = ['express-json', 'express-raw'];
// The floor (servers/floor.js) shows the least p99 this host allows; like the variants, only at the target's in-flight count.
const FLOOR = options['no-floor'] ? [] : ['floor'];
const TARGET_ONLY = [...VARIANTS, 'floor'];
const LISTED = options.servers.split(',');
// --compare-dist adds core-compare unless the list already names a compared server.
const COMPARED = options['compare-dist'] && !LISTED.some((s) => s.endsWith('-compare')) ? ['core-compare'] : [];
const SERVER_NAMES = [...new Set([...LISTED, ...FLOOR, ...(options.variants ? VARIANTS : []), ...COMPARED])];
/** The variants only show the design choice and the floor only the host's tail, so they are measured at the target's in-flight count only, keep-alive only. */
const inFlightFor = (server) => (TARGET_ONLY.includes(server) ? [TARGETS.inFlight] : IN_FLIGHT);
const STALL_SECONDS = Number(options['stall-seconds']);
/** The servers compared with the baseline beyond the in-turn cells: the simultaneous phase, the profiles. */
const COMPARED_WITH_BASELINE = SERVER_NAMES.filter((s) => s !== 'baseline' && !TARGET_ONLY.includes(s));

const log = (line) => process.stderr.write(`${line}\n`);

function rotate(list, by) {
  const n = by % list.length;
  return [...list.slice(n), ...list.slice(0, n)];
}

async function main() {
  if (!hasProc()) throw new Error('the benchmark reads server CPU and memory from /proc: run it on Linux');
  try {
    if (!SERVER_NAMES.includes('baseline')) throw new Error('--servers must include baseline: every number is a ratio to it');
    for (const name of SERVER_NAMES) serverSpec(name);
  } catch (e) {
    // A mistyped --servers is the user's error: one line, exit 2, like a bad option.
    fail('run.js', e.message);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const pinning = pinCores();
  if (options['load-generator']) useLoadGenerator(options['load-generator']);
  log(`pinning: ${pinning.note}; load generator: ${loadGenerator()}`);

  const { scratch, tls } = await scratchWithCertificates('bench');
  const logFile = (name) => path.join(scratch, `${name}.log`);

  const servers = new Map();
  const served = new Map();
  try {
    for (const name of SERVER_NAMES) {
      const server = await startServer(name, { prefix: pinning.prefix, tls, scratch, logFile: logFile(name), compareDist: options['compare-dist'] });
      servers.set(name, server);
      served.set(name, 0);
      for (const endpoint of ENDPOINTS) await verifyAnswer(server, tls.ca, REQUESTS[endpoint]);
      log(`started ${server.label} (pid ${server.pid}, port ${server.port}) in ${fmt(server.startedMs)} ms`);
    }

    const measure = async (mode, server, endpoint, inFlight, seconds) => {
      const load = mode === 'keep-alive' ? keepAliveLoad : handshakeLoad;
      const result = await load({ server, ca: tls.ca, request: REQUESTS[endpoint], connections: inFlight, concurrency: inFlight, warmSeconds: WARM, seconds });
      served.set(server.name, served.get(server.name) + result.requests + result.uncounted);
      return result;
    };

    let stalls = [];
    if (STALL_SECONDS > 0) {
      log(`measuring the host's stalls: ${STALL_SECONDS} s spinning on each core at once`);
      stalls = await hostStalls(pinning.cpus, STALL_SECONDS);
    }

    log('warming up every server on every endpoint (not counted)');
    for (const server of servers.values()) for (const endpoint of ENDPOINTS) await measure('keep-alive', server, endpoint, TARGETS.inFlight, 1);

    const runs = [];
    const total = ROUNDS * ENDPOINTS.length * SERVER_NAMES.reduce((n, s) => n + inFlightFor(s).length, 0);
    for (let round = 0; round < ROUNDS; round++) {
      for (const endpoint of ENDPOINTS) {
        for (const inFlight of IN_FLIGHT) {
          for (const name of rotate(SERVER_NAMES, round).filter((s) => inFlightFor(s).includes(inFlight))) {
            const server = servers.get(name);
            const result = await measure('keep-alive', server, endpoint, inFlight, SECONDS);
            runs.push({ mode: 'keep-alive', round, endpoint, inFlight, server: name, label: server.label, ...result });
            log(
              `[${runs.length}/${total}] round ${round + 1} /${endpoint} ×${inFlight} ${name}: ${fmt(result.rps)} req/s, p99 ${fmt(result.p99Ms, 2)} ms, ` +
                `${fmt(result.serverCpuUsPerRequest, 1)} µs CPU/req${result.non2xx + result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
            );
          }
        }
      }
    }

    if (!options['no-handshake']) {
      const handshakeServers = SERVER_NAMES.filter((s) => !TARGET_ONLY.includes(s));
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of rotate(handshakeServers, round)) {
          const server = servers.get(name);
          const result = await measure('handshake', server, 'validate', TARGETS.inFlight, Number(options['handshake-seconds']));
          runs.push({ mode: 'handshake', round, endpoint: 'validate', inFlight: TARGETS.inFlight, server: name, label: server.label, ...result });
          log(`handshake round ${round + 1} ${name}: ${fmt(result.rps)} req/s, ${fmt(result.serverCpuUsPerRequest)} µs CPU/req`);
        }
      }
    }

    // Peak RSS of the in-turn measurements alone; the simultaneous phase below doubles the load on the core.
    const memoryInTurn = Object.fromEntries([...servers].map(([name, s]) => [name, memory(s.pid)]));

    // The same ratios measured simultaneously (lib/paired.js): robust where the machine is noisy.
    const paired = [];
    if (!options['no-paired']) {
      for (const name of COMPARED_WITH_BASELINE) {
        for (const endpoint of ENDPOINTS) {
          const result = await pairedRounds({
            a: servers.get('baseline'),
            b: servers.get(name),
            ca: tls.ca,
            request: REQUESTS[endpoint],
            inFlight: TARGETS.inFlight,
            seconds: Number(options['paired-seconds']),
            warmSeconds: WARM,
            rounds: ROUNDS,
          });
          const { rounds, ...summary } = result;
          for (const r of rounds) {
            served.set('baseline', served.get('baseline') + r.a.requests + r.a.uncounted);
            served.set(name, served.get(name) + r.b.requests + r.b.uncounted);
          }
          paired.push({ server: name, label: serverSpec(name).label, endpoint, inFlight: TARGETS.inFlight, ...summary, rounds: rounds.map((r) => ({ round: r.round, cpuRatio: r.cpuRatio, rpsRatio: r.rpsRatio, baseline: r.a, server: r.b })) });
          log(`simultaneous /${endpoint} baseline and ${name}: req/s ×${fmt(result.rpsRatio, 2)}, CPU/req ×${fmt(result.cpuRatio, 2)}`);
        }
      }
    }

    const memoryByServer = Object.fromEntries([...servers].map(([name, s]) => [name, memory(s.pid)]));
    const startedMs = Object.fromEntries([...servers].map(([name, s]) => [name, s.startedMs]));
    for (const server of servers.values()) await server.stop();
    servers.clear();
    // What each logging server wrote per request it answered, warm-ups included.
    const logBytesPerRequest = {};
    for (const name of SERVER_NAMES.filter((s) => serverSpec(s).serve || serverSpec(s).logs)) {
      logBytesPerRequest[name] = (statSync(logFile(name), { throwIfNoEntry: false })?.size ?? 0) / Math.max(1, served.get(name));
    }

    const profiles = [];
    if (options.profile) {
      for (const name of COMPARED_WITH_BASELINE) profiles.push(await profileServer(name, pinning, tls, scratch));
    }

    let cli;
    if (!options['no-cli']) {
      log('timing start-up to ready, and check');
      cli = {
        startup: await measureStartup({ prefix: pinning.prefix, tls }),
        check: await measureCheck({ prefix: pinning.prefix, scratch, documents: Number(options['check-documents']) }),
      };
    }

    const rows = summarise(runs);
    const products = SERVER_NAMES.filter((s) => s === 'core' || s.startsWith('serve'));
    const targets = targetChecks(rows, memoryByServer, products, paired);
    const report = {
      date: new Date().toISOString(),
      machine: machine(pinning.note),
      settings: { loadGenerator: loadGenerator(), stallSeconds: STALL_SECONDS, seconds: SECONDS, warmSeconds: WARM, rounds: ROUNDS, handshakeSeconds: Number(options['handshake-seconds']), pairedSeconds: Number(options['paired-seconds']), inFlight: IN_FLIGHT, endpoints: ENDPOINTS, servers: SERVER_NAMES, bodyBytes: Object.fromEntries(ENDPOINTS.map((e) => [e, REQUESTS[e].body.length])) },
      rows,
      stalls,
      paired,
      memory: memoryByServer,
      memoryInTurn,
      startedMs,
      logBytesPerRequest,
      targets,
      cli,
      profiles,
      runs,
    };
    const stamp = report.date.replace(/[:.]/g, '-');
    writeFileSync(path.join(RESULTS_DIR, `bench-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    printReport(report, SERVER_NAMES);
    log(`\nwritten: bench/results/bench-${stamp}.json (and latest.json)`);
  } finally {
    for (const server of servers.values()) await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * profileServer runs one server under --cpu-prof, at the target's in-flight
 * count on every endpoint, and summarises where its busy time went.
 */
async function profileServer(name, pinning, tls, scratch) {
  const dir = path.join(RESULTS_DIR, 'profiles');
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const logFile = path.join(scratch, `${name}-profiled.log`);
  const server = await startServer(name, { prefix: pinning.prefix, tls, scratch, logFile, nodeOptions: ['--cpu-prof', '--cpu-prof-dir', dir] });
  try {
    for (const endpoint of ENDPOINTS) await keepAliveLoad({ server, ca: tls.ca, request: REQUESTS[endpoint], connections: TARGETS.inFlight, warmSeconds: WARM, seconds: SECONDS });
  } finally {
    await server.stop();
  }
  const written = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (written.length === 0) return { server: name, error: 'no profile written (did the server exit by a signal?)' };
  const file = path.join(dir, written[0]);
  return { server: name, file: path.relative(process.cwd(), file), ...summariseProfile(file) };
}

function machine(pinning) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    pinning,
  };
}

main().catch((e) => failed('run.js', e));
