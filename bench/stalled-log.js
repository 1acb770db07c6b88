/**
 * `node bench/stalled-log.js`: what `serve` does with its memory when its
 * stdout stops being read (a stalled log collector), under load. serve runs
 * at --log-level debug, so that every review writes a line, which
 * pino.destination buffers in memory while the pipe is full; this drives
 * serve at 16 requests in flight with a stdout pipe that nobody reads, and
 * prints its resident memory every few seconds. A bounded buffer holds it
 * flat; an unbounded one grows with every request until the pod is
 * OOM-killed. A reproduction, not a test: it takes half a minute
 * (--periods, --seconds).
 */
import { spawn } from 'node:child_process';
import https from 'node:https';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REQUESTS } from './fixtures.js';
import { fail, failed, parseBenchArgs } from './lib/args.js';
import { keepAliveLoad } from './lib/load.js';
import { memory } from './lib/process-stats.js';
import { freePort, killOnSignal, scratchWithCertificates } from './lib/servers.js';

// The defaults, 6 periods of 5 s: long enough to see a trend, short enough to stop well before the machine runs out.
const { values: options } = parseBenchArgs('stalled-log.js', {
  options: {
    periods: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '5' },
  },
});
const PERIODS = Number(options.periods);
const SECONDS = Number(options.seconds);
if (![PERIODS, SECONDS].every((n) => Number.isInteger(n) && n >= 1)) fail('stalled-log.js', '--periods and --seconds take whole numbers, at least 1');

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function main() {
  const { scratch, tls } = await scratchWithCertificates('stalled-log');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--host', '127.0.0.1', '--port', String(port), '--metrics-port', '0', '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--log-format', 'json', '--log-level', 'debug', '--shutdown-delay', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  killOnSignal(child);
  // Never read: the pipe's buffer fills and every write to it stays pending.
  child.stdout.pause();
  try {
    const server = { name: 'serve', pid: child.pid, port };
    await waitReady(server, tls.ca);
    process.stdout.write(`serve (pid ${child.pid}) with a stdout nobody reads, /validate at 16 in flight:\n`);
    for (let i = 1; i <= PERIODS; i++) {
      const result = await keepAliveLoad({ server, ca: tls.ca, request: REQUESTS.validate, connections: 16, warmSeconds: 0, seconds: SECONDS });
      process.stdout.write(`  after ${i * SECONDS} s: ${Math.round(result.rps)} req/s, RSS ${memory(child.pid).rssMiB.toFixed(0)} MiB\n`);
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function waitReady(server, ca) {
  for (;;) {
    const ok = await new Promise((resolve) =>
      https.get({ host: '127.0.0.1', port: server.port, path: '/readyz', ca, servername: 'localhost', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false)),
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

main().catch((e) => failed('stalled-log.js', e));
