/**
 * The command-line timings: how long `serve` takes from spawn to /readyz
 * 200, and what `check` costs per document beyond its start-up (the time
 * for N documents less the time for one, over N - 1).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { listenerDocument } from '../fixtures.js';
import { median } from './report.js';
import { startServer } from './servers.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** STARTS is how many times serve is started for its median time to ready. */
const STARTS = 5;

/** CHECK_RUNS is how many times each check is timed for its median. */
const CHECK_RUNS = 3;

/** measureStartup starts `serve` STARTS times and returns the times to /readyz 200. */
export async function measureStartup({ prefix, tls }) {
  const samplesMs = [];
  for (let i = 0; i < STARTS; i++) {
    const server = await startServer('serve', { prefix, tls });
    samplesMs.push(server.startedMs);
    await server.stop();
  }
  return { samplesMs, medianMs: median(samplesMs) };
}

function run(prefix, args) {
  const [command, ...rest] = prefix.length ? [...prefix, process.execPath, MAIN, ...args] : [process.execPath, MAIN, ...args];
  const begin = performance.now();
  const result = spawnSync(command, rest, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } });
  return { ms: performance.now() - begin, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * measureCheck times `check FILE` on one document and on `documents`
 * documents (a multi-document YAML file of valid Listeners, each named
 * differently). When check is not built yet, it says so instead.
 */
export async function measureCheck({ prefix, scratch, documents }) {
  const help = run([], ['check', '--help']);
  if (help.status !== 0 || /not built yet/.test(help.stdout + help.stderr)) return { skipped: 'check is not built yet' };
  const write = (n) => {
    const file = path.join(scratch, `check-${n}.yaml`);
    writeFileSync(file, Array.from({ length: n }, (_, i) => stringify(listenerDocument(i))).join('---\n'));
    return file;
  };
  const one = write(1);
  const many = write(documents);
  const time = (file) => {
    const samples = [];
    let last;
    for (let i = 0; i < CHECK_RUNS; i++) {
      last = run(prefix, ['check', file]);
      samples.push(last.ms);
    }
    return { ms: median(samples), status: last.status, stderr: last.stderr.slice(0, 500) };
  };
  const oneRun = time(one);
  const manyRun = time(many);
  if (oneRun.status !== 0 || manyRun.status !== 0) {
    return { skipped: `check exited ${oneRun.status} / ${manyRun.status}: ${oneRun.stderr || manyRun.stderr}` };
  }
  return { documents, oneMs: oneRun.ms, manyMs: manyRun.ms, perDocumentUs: ((manyRun.ms - oneRun.ms) / (documents - 1)) * 1000 };
}
