/**
 * `node bench/review-line.js > /dev/null`: the review line alone. It writes
 * --lines review lines through the shipped ReviewLog and createLogger (at
 * debug, where an admitted review is logged; JSON lines to stdout through
 * pino.destination) for the bench's /validate review, with a duration that
 * changes on every line as a server's does, and prints the CPU time per
 * line to stderr.
 *
 * Under valgrind's callgrind, two runs with different --lines give the
 * instructions per line by difference, without the start-up:
 *
 *   valgrind --tool=callgrind node bench/review-line.js --lines 20000 > /dev/null
 *   valgrind --tool=callgrind node bench/review-line.js --lines 220000 > /dev/null
 *   # (second "Collected" - first) / 200000
 *
 * --dist DIR runs another build of dist/ (a copy inside the
 * repository, so that it finds node_modules).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, parseBenchArgs } from './lib/args.js';
import { REQUESTS } from './fixtures.js';

const { values: options } = parseBenchArgs('review-line.js', {
  options: {
    lines: { type: 'string', default: '1000000' },
    dist: { type: 'string' },
  },
});

const lines = Number(options.lines);
if (!Number.isInteger(lines) || lines < 0) fail('review-line.js', `--lines takes a whole number, not ${options.lines}`);
const dist = options.dist ? pathToFileURL(`${path.resolve(options.dist)}/`) : new URL('../dist/', import.meta.url);
const { createLogger } = await import(new URL('server/telemetry/logger.js', dist).href);
const { ReviewLog } = await import(new URL('server/telemetry/review-log.js', dist).href);

// 64 reviews with their own uids, each parsed from JSON as the server parses
// its requests (flat strings, not the concatenations a uid edit would leave).
const request = JSON.parse(REQUESTS.validate.body).request;
const records = Array.from({ length: 64 }, (_, i) => {
  const uid = `${request.uid.slice(0, -4)}${1000 + i}`;
  return {
    webhook: 'validate',
    request: JSON.parse(JSON.stringify({ ...request, uid })),
    response: { uid, allowed: true },
    httpStatus: 200,
    durationSeconds: 0,
  };
});

const log = new ReviewLog(createLogger({ level: 'debug', format: 'json' }));
const begin = process.cpuUsage();
for (let i = 0; i < lines; i++) {
  const record = records[i & 63];
  // A new duration on most lines, as under load: V8 caches the text of a number it printed recently.
  record.durationSeconds = 0.0000123 + (i % 9973) * 1.3e-7;
  log.reviewed(record);
}
const used = process.cpuUsage(begin);
const ns = lines === 0 ? 0 : ((used.user + used.system) * 1000) / lines;
process.stderr.write(`${lines} review lines: ${ns.toFixed(0)} ns of CPU per line (user ${(used.user / 1000).toFixed(0)} ms, system ${(used.system / 1000).toFixed(0)} ms)\n`);
