/**
 * What the benchmark reads about a server process from /proc, without the
 * server's cooperation, so that the baseline, the product and `serve` as
 * shipped are measured the same way: CPU time of all its threads (JIT, GC
 * and libuv threads included), and its resident memory, current and peak.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CLOCK_TICKS is the unit of /proc/PID/stat's utime and stime (USER_HZ, almost always 100). */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** cpuSeconds is the user plus system CPU time pid has used so far, all threads included. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 (utime, stime) are at 11 and 12 once pid and comm are gone.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** memory returns pid's resident set now (VmRSS) and at its peak (VmHWM), in MiB. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/**
 * machineBusySeconds is the CPU time every process on the machine has used
 * so far (all cores, from /proc/stat), so that what neither the server nor
 * the load generator used shows how busy the neighbours were.
 */
export function machineBusySeconds() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/** hasProc reports whether /proc can be read for this process (Linux). */
export function hasProc() {
  try {
    cpuSeconds(process.pid);
    return true;
  } catch {
    return false;
  }
}
