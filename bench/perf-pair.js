/**
 * `node bench/perf-pair.js A B`: where B spends more CPU per request than A,
 * by function, native code included (which `node --cpu-prof` lumps
 * together). Both servers run with --perf-basic-prof (so that perf can name
 * JIT-compiled JavaScript) under the same load at the same time, as in
 * bench/ab.js, while Linux `perf record -e cpu-clock` samples both. Each
 * process's samples are then divided by its samples in V8's JSON parser,
 * which does the same work per request in both (the same request body is
 * parsed once), so the columns are per-request costs in the same unit: how
 * many JSON parses' worth of CPU each symbol takes per request.
 *
 *   node bench/perf-pair.js baseline serve
 *   node bench/perf-pair.js serve serve-compare --compare-dist bench/results/ab/before/dist
 *
 * The total ratio it prints should agree with ab's CPU ratio for the same
 * pair (in session 3: ×1.295 against ×1.306). Needs perf (Debian's
 * linux-perf) and permission to record other processes; cpu-clock sampling
 * works where hardware counters do not (virtual machines).
 */
import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REQUESTS } from './fixtures.js';
import { fail, failed, parseBenchArgs } from './lib/args.js';
import { verifyAnswer } from './lib/load.js';
import { pairedRounds } from './lib/paired.js';
import { fmt } from './lib/report.js';
import { pinCores, scratchWithCertificates, serverSpec, startServer } from './lib/servers.js';

const { values: options, positionals } = parseBenchArgs('perf-pair.js', {
  allowPositionals: true,
  options: {
    endpoint: { type: 'string', default: 'validate' },
    'in-flight': { type: 'string', default: '16' },
    seconds: { type: 'string', default: '5' },
    top: { type: 'string', default: '25' },
    'compare-dist': { type: 'string' },
  },
});

/** NORMALISER matches the symbols of V8's JSON parser: the work both servers do alike per request. */
const NORMALISER = /JsonParser/;

/** samplesBySymbol reads perf's samples (`perf script -F pid,ip,sym`: one "PID ADDRESS SYMBOL" line each) into pid → symbol → count. */
function samplesBySymbol(script) {
  const byPid = new Map();
  for (const line of script.split('\n')) {
    const match = /^\s*(\d+)\s+[0-9a-f]+\s*(.*)$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    const symbol = match[2].trim().replace(/\+0x[0-9a-f]+$/, '') || '[unknown]';
    const symbols = byPid.get(pid) ?? new Map();
    symbols.set(symbol, (symbols.get(symbol) ?? 0) + 1);
    byPid.set(pid, symbols);
  }
  return byPid;
}

/** perUnit divides each symbol's samples by the samples in NORMALISER's symbols. */
function perUnit(name, symbols) {
  let unit = 0;
  let total = 0;
  for (const [symbol, n] of symbols) {
    total += n;
    if (NORMALISER.test(symbol)) unit += n;
  }
  if (unit === 0) throw new Error(`no samples of ${name} in V8's JSON parser: it must parse the review (the floor does not) and have been loaded`);
  return { total: total / unit, symbols: new Map([...symbols].map(([s, n]) => [s, n / unit])) };
}

async function main() {
  const [a = 'baseline', b = 'serve'] = positionals;
  try {
    for (const name of [a, b]) serverSpec(name);
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch (e) {
    fail('perf-pair.js', e.code === 'ENOENT' ? 'perf is not installed (apt-get install linux-perf)' : e.message);
  }
  const request = REQUESTS[options.endpoint];
  if (!request) fail('perf-pair.js', `unknown endpoint ${options.endpoint}: one of ${Object.keys(REQUESTS).join(', ')}`);
  const pinning = pinCores();
  const { scratch, tls } = await scratchWithCertificates('perf');
  const servers = [];
  try {
    for (const name of [a, b]) {
      servers.push(await startServer(name, { prefix: pinning.prefix, tls, scratch, compareDist: options['compare-dist'], nodeOptions: ['--perf-basic-prof'], cwd: scratch, logFile: path.join(scratch, `${name}-${servers.length}.log`) }));
      await verifyAnswer(servers.at(-1), tls.ca, request);
    }
    const load = { a: servers[0], b: servers[1], ca: tls.ca, request, inFlight: Number(options['in-flight']), warmSeconds: 1 };
    // A round to settle the JIT before perf records anything.
    await pairedRounds({ ...load, seconds: 2, rounds: 1 });
    const data = path.join(scratch, 'perf.data');
    const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2000', '-o', data, '-p', servers.map((s) => s.pid).join(',')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let perfErrors = '';
    perf.stderr.on('data', (chunk) => (perfErrors += chunk));
    const recorded = new Promise((resolve) => perf.once('close', resolve));
    const paired = await pairedRounds({ ...load, seconds: Number(options.seconds), rounds: 1 });
    perf.kill('SIGINT');
    await recorded;
    // Stopped by SIGINT, perf's exit status varies by version; what it printed says whether it wrote the samples.
    if (!/Captured and wrote/.test(perfErrors)) throw new Error(`perf record failed: ${perfErrors.trim().split('\n').at(-1) ?? 'no output'}`);
    const script = execFileSync('perf', ['script', '-i', data, '-F', 'pid,ip,sym'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    const byPid = samplesBySymbol(script);
    const [ua, ub] = servers.map((s) => perUnit(s.name, byPid.get(s.pid) ?? new Map()));
    const label = (name) => serverSpec(name).label;
    const out = [];
    out.push(`${label(b)} over ${label(a)}, /${options.endpoint}, ${options['in-flight']} in flight each, simultaneously (${pinning.note})`);
    out.push(`ab's CPU per request in the recorded round: ×${fmt(paired.cpuRatio, 3)}; perf's, normalised by the JSON parser: ×${fmt(ub.total / ua.total, 3)}`);
    out.push(`columns: each symbol's samples per request, in JSON parses (the parser's samples = 1), in ${a} and ${b}, and the difference`);
    const symbols = new Set([...ua.symbols.keys(), ...ub.symbols.keys()]);
    const rows = [...symbols].map((s) => ({ symbol: s, a: ua.symbols.get(s) ?? 0, b: ub.symbols.get(s) ?? 0 })).sort((x, y) => Math.abs(y.b - y.a) - Math.abs(x.b - x.a));
    out.push(`${'A'.padStart(8)} ${'B'.padStart(8)} ${'B − A'.padStart(8)}  symbol`);
    out.push(`${fmt(ua.total, 3).padStart(8)} ${fmt(ub.total, 3).padStart(8)} ${fmt(ub.total - ua.total, 3).padStart(8)}  (all)`);
    for (const r of rows.slice(0, Number(options.top))) out.push(`${fmt(r.a, 3).padStart(8)} ${fmt(r.b, 3).padStart(8)} ${fmt(r.b - r.a, 3).padStart(8)}  ${r.symbol.slice(0, 110)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(scratch, { recursive: true, force: true });
    // --perf-basic-prof leaves each process's symbol map in /tmp (its isolate log went to the scratch directory); perf script has read them.
    for (const server of servers) rmSync(`/tmp/perf-${server.pid}.map`, { force: true });
  }
}

main().catch((e) => failed('perf-pair.js', e));
