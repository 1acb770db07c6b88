/**
 * `node bench/ab.js A B`: two servers measured at the same time rather than
 * in turn, for deciding whether a change to the request path is a gain on a
 * machine too noisy for the sequential benchmark to tell a few microseconds
 * apart (see lib/paired.js). Prints, per round and as the median, B's CPU
 * per request and requests per second over A's. `npm run bench` does the
 * same for the baseline and each product server at the end of its run.
 *
 *   # before the change: keep a copy of the build, with package.json beside it as in the repository
 *   mkdir -p bench/results/ab/before && cp -r dist package.json bench/results/ab/before/
 *   # after it:
 *   npm run build && node bench/ab.js core core-compare --compare-dist bench/results/ab/before/dist
 *   node bench/ab.js serve serve-compare --compare-dist bench/results/ab/before/dist   # any server, suffixed -compare
 *   node bench/ab.js baseline core --endpoint mutate
 *
 * A server's logs go through a pipe to a collector process, as in `npm run
 * bench`; --discard-logs sends them to /dev/null instead.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REQUESTS } from './fixtures.js';
import { fail, failed, parseBenchArgs } from './lib/args.js';
import { loadGenerator, useLoadGenerator, verifyAnswer } from './lib/load.js';
import { pairedRounds } from './lib/paired.js';
import { fmt } from './lib/report.js';
import { pinCores, scratchWithCertificates, serverSpec, startServer } from './lib/servers.js';

const { values: options, positionals } = parseBenchArgs('ab.js', {
  allowPositionals: true,
  options: {
    endpoint: { type: 'string', default: 'validate' },
    'in-flight': { type: 'string', default: '16' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '7' },
    'compare-dist': { type: 'string' },
    'discard-logs': { type: 'boolean', default: false },
    'load-generator': { type: 'string' },
  },
});

async function main() {
  const [a = 'core', b = 'core-compare'] = positionals;
  try {
    for (const name of [a, b]) serverSpec(name);
  } catch (e) {
    // A mistyped name is the user's error: one line, exit 2, like a bad option.
    fail('ab.js', e.message);
  }
  if (options['load-generator']) useLoadGenerator(options['load-generator']);
  const pinning = pinCores();
  const { scratch, tls } = await scratchWithCertificates('ab');
  const servers = [];
  try {
    for (const name of [a, b]) {
      servers.push(await startServer(name, { prefix: pinning.prefix, tls, scratch, compareDist: options['compare-dist'], logFile: options['discard-logs'] ? undefined : path.join(scratch, `${name}-${servers.length}.log`) }));
      await verifyAnswer(servers.at(-1), tls.ca, REQUESTS[options.endpoint]);
    }
    process.stdout.write(`${serverSpec(b).label} over ${serverSpec(a).label}, /${options.endpoint}, ${options['in-flight']} in flight each, simultaneously (${pinning.note}; load generator: ${loadGenerator()})\n`);
    const paired = await pairedRounds({
      a: servers[0],
      b: servers[1],
      ca: tls.ca,
      request: REQUESTS[options.endpoint],
      inFlight: Number(options['in-flight']),
      seconds: Number(options.seconds),
      warmSeconds: 0.5,
      rounds: Number(options.rounds),
      onRound: ({ round, a: ra, b: rb, cpuRatio, rpsRatio }) =>
        process.stdout.write(
          `round ${round + 1}: CPU/req ${fmt(ra.serverCpuUsPerRequest, 1)} vs ${fmt(rb.serverCpuUsPerRequest, 1)} µs (${fmt(cpuRatio, 3)}), ` +
            `req/s ${fmt(ra.rps)} vs ${fmt(rb.rps)} (${fmt(rpsRatio, 3)})\n`,
        ),
    });
    process.stdout.write(`median: CPU per request ×${fmt(paired.cpuRatio, 3)}, requests per second ×${fmt(paired.rpsRatio, 3)}\n`);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => failed('ab.js', e));
