/**
 * `node bench/instructions.js [SERVER…]`: the servers' cost per request as
 * instructions counted by valgrind's callgrind, which, unlike time, does not
 * move with the machine's noise: the same build and the same requests give
 * the same count to within about 1%. Each server runs under callgrind on
 * its own; it answers WARM requests (the JIT settles), the counters are
 * zeroed, it answers COUNT more, and the counters are dumped. The result is
 * instructions per request and the ratio to the baseline.
 *
 * What it counts: every user-space instruction of the server process, all
 * threads (GC and JIT threads included). What it does not: time in the
 * kernel (the socket and pipe system calls), and what an instruction costs
 * (cache misses), so it complements `npm run bench`, whose CPU time counts
 * both. It is the tool for deciding a small change to the request path:
 *
 *   node bench/instructions.js                            # baseline, floor, core, serve, serve-warn
 *   node bench/instructions.js baseline serve serve-compare --compare-dist bench/results/ab/before/dist
 *   node bench/instructions.js core serve --keep-dumps bench/results/callgrind   # then callgrind_annotate bench/results/callgrind/serve.callgrind
 *
 * Under valgrind a server runs about 50 times slower: the default run takes
 * a few minutes. Needs valgrind (apt-get install valgrind).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { REQUESTS } from './fixtures.js';
import { fail, failed, parseBenchArgs } from './lib/args.js';
import { sendRequests, verifyAnswer } from './lib/load.js';
import { fmt } from './lib/report.js';
import { pinCores, scratchWithCertificates, serverSpec, startServer } from './lib/servers.js';

const { values: options, positionals } = parseBenchArgs('instructions.js', {
  allowPositionals: true,
  options: {
    endpoint: { type: 'string', default: 'validate' },
    warm: { type: 'string', default: '10000' },
    count: { type: 'string', default: '3000' },
    'in-flight': { type: 'string', default: '16' },
    'compare-dist': { type: 'string' },
    'keep-dumps': { type: 'string' },
  },
});

/** READY_TIMEOUT_MS: under valgrind, start-up takes tens of seconds. */
const READY_TIMEOUT_MS = 180_000;

function hasValgrind() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** totals reads the instruction count from a callgrind dump. */
function totals(file) {
  const text = readFileSync(file, 'utf8');
  const match = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
  if (!match) throw new Error(`no totals in ${file}`);
  return Number(match[1]);
}

/** count runs one server under callgrind and returns its instructions per counted request. */
async function count(name, { pinning, tls, scratch, request, warm, counted, connections }) {
  const dir = mkdtempSync(path.join(scratch, `${name}-`));
  const server = await startServer(name, {
    prefix: pinning.prefix,
    tls,
    scratch,
    logFile: path.join(dir, 'server.log'),
    compareDist: options['compare-dist'],
    wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${dir}/callgrind.%p`, '--log-file=/dev/null'],
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  // One agent for both batches: the counted requests reuse the warm-up's connections.
  const agent = new https.Agent({ keepAlive: true, maxSockets: connections });
  try {
    await verifyAnswer(server, tls.ca, request);
    const send = (count) => sendRequests({ server, ca: tls.ca, request, count, connections, agent });
    const warmFailed = await send(warm);
    execFileSync('callgrind_control', ['--zero', String(server.pid)], { stdio: 'ignore' });
    const unanswered = await send(counted);
    execFileSync('callgrind_control', ['--dump', String(server.pid)], { stdio: 'ignore' });
    if (warmFailed + unanswered) throw new Error(`${name}: ${warmFailed + unanswered} requests were not answered 2xx`);
  } finally {
    agent.destroy();
    await server.stop();
  }
  // The dump is callgrind.PID.1 (the file at exit, callgrind.PID, counts everything since the zeroing, stop included).
  const dump = readdirSync(dir).find((f) => /^callgrind\.\d+\.1$/.test(f));
  if (!dump) throw new Error(`${name}: callgrind wrote no dump`);
  // --keep-dumps: the counted requests' dump, for callgrind_annotate (native functions by name, JIT code by address).
  if (options['keep-dumps']) copyFileSync(path.join(dir, dump), path.join(options['keep-dumps'], `${name}.callgrind`));
  return totals(path.join(dir, dump)) / counted;
}

async function main() {
  if (!hasValgrind()) fail('instructions.js', 'valgrind is not installed (apt-get install valgrind)', 1);
  const names = positionals.length ? positionals : ['baseline', 'floor', 'core', 'serve', 'serve-warn'];
  try {
    for (const name of names) serverSpec(name);
  } catch (e) {
    fail('instructions.js', e.message);
  }
  const request = REQUESTS[options.endpoint];
  if (!request) fail('instructions.js', `unknown endpoint ${options.endpoint}: one of ${Object.keys(REQUESTS).join(', ')}`);
  const [warm, counted, connections] = [options.warm, options.count, options['in-flight']].map(Number);
  if (![warm, counted, connections].every((n) => Number.isInteger(n) && n >= 0) || counted === 0 || connections === 0) fail('instructions.js', '--warm, --count and --in-flight take whole numbers (count and in-flight at least 1)');

  if (options['keep-dumps']) mkdirSync(options['keep-dumps'], { recursive: true });
  const pinning = pinCores();
  const { scratch, tls } = await scratchWithCertificates('instructions');
  try {
    process.stdout.write(`instructions per request (callgrind), /${options.endpoint}, ${warm} requests to warm up then ${counted} counted, ${connections} in flight; ${pinning.note}\n`);
    const results = [];
    for (const name of names) {
      const perRequest = await count(name, { pinning, tls, scratch, request, warm, counted, connections });
      results.push({ name, perRequest });
      const base = results.find((r) => r.name === names[0]).perRequest;
      process.stdout.write(`  ${serverSpec(name).label.padEnd(40)} ${fmt(perRequest).padStart(10)}   ×${fmt(perRequest / base, 3)} of ${names[0]}\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => failed('instructions.js', e));
