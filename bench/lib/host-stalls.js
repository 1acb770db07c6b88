/**
 * hostStalls measures what the host takes from this machine's cores: on each
 * core at once, a process spins reading the clock and records every gap
 * longer than STALL_MS, a time when it was not running although it never
 * yielded (the hypervisor ran someone else, or the kernel did). Both cores
 * are busy at once, as they are under load.
 *
 * Such a stall holds every request in flight on the core it hits, so when
 * stalls of a couple of milliseconds come several times a second, a per cent
 * or more of requests carry one and a p99 under 2 ms cannot be shown on this
 * host by any server. The report shows the stalls beside the floor server's p99
 * (servers/floor.js) so that a missed p99 target can be read for what it is.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** STALL_MS is the shortest gap counted as a stall: well over a clock read and a loop turn, well under the 2 ms target. */
export const STALL_MS = 0.5;

// The spinning child: gaps over STALL_MS, as JSON on stdout.
const SPIN = `
const end = performance.now() + Number(process.argv[1]) * 1000;
const gaps = [];
let last = performance.now();
for (;;) {
  const now = performance.now();
  if (now - last > ${STALL_MS}) gaps.push(now - last);
  last = now;
  if (now > end) break;
}
process.stdout.write(JSON.stringify(gaps));
`;

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

/** summariseStalls turns one core's gaps over `seconds` into rates and sizes. */
function summariseStalls(gaps, seconds) {
  const sorted = [...gaps].sort((a, b) => a - b);
  const lostMs = sorted.reduce((sum, g) => sum + g, 0);
  return {
    stalls: sorted.length,
    perSecond: sorted.length / seconds,
    medianMs: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    maxMs: sorted.at(-1) ?? 0,
    lostPercent: (lostMs / (seconds * 1000)) * 100,
  };
}

/** hostStalls spins on each of cpus (all at once) for `seconds` and summarises each core's stalls. */
export async function hostStalls(cpus, seconds) {
  const spin = (cpu) => {
    const command = cpu === undefined ? [process.execPath] : ['taskset', '-c', String(cpu), process.execPath];
    return run(command[0], [...command.slice(1), '-e', SPIN, String(seconds)], { maxBuffer: 64 * 1024 * 1024 });
  };
  const targets = cpus.length ? cpus : [undefined];
  const outputs = await Promise.all(targets.map(spin));
  return targets.map((cpu, i) => ({ cpu: cpu ?? 'any', ...summariseStalls(JSON.parse(outputs[i].stdout), seconds) }));
}
