/**
 * printReport writes a benchmark run's report (bench/run.js) as text on
 * stdout: the in-turn table, the simultaneous ratios, memory, start-up and
 * check timings, CPU profiles, and the targets met or missed.
 */
import { fmt, formatRows, median, TARGETS } from './report.js';
import { STALL_MS } from './host-stalls.js';
import { serverSpec } from './servers.js';

/** NOISY_OTHERS is how much of a core the rest of the machine may use before the run warns that it was noisy. */
const NOISY_OTHERS = 0.25;

/**
 * targetValue prints a target's measured value with two decimals, or, for a
 * ratio, as many more as it takes not to read as the threshold itself
 * (0.7998 is "0.7998", not a missed "0.80").
 */
function targetValue(t) {
  let digits = 2;
  while (t.threshold !== undefined && digits < 6 && fmt(t.value, digits) === fmt(t.threshold, digits) && t.value !== t.threshold) digits++;
  return fmt(t.value, digits);
}

/** printReport prints report, its servers in serverOrder. */
export function printReport(report, serverOrder) {
  const m = report.machine;
  const out = [];
  out.push(`\nskupper-webhook benchmark — ${m.cpus} × ${m.cpuModel}, node ${m.node}, ${m.pinning}`);
  out.push(`load generator ${report.settings.loadGenerator}; ${report.settings.rounds} rounds × ${report.settings.seconds} s per cell after ${report.settings.warmSeconds} s warm-up; ratio = median over rounds of (server ÷ baseline in the same round), spread = min–max`);
  out.push(`bodies: ${Object.entries(report.settings.bodyBytes).map(([e, b]) => `/${e} ${b} B`).join(', ')}; srv CPU = server CPU utilisation, gen CPU = load generator's, others = the rest of the machine's (in % of one core: noise)\n`);
  out.push(formatRows(report.rows, serverOrder));
  if (report.stalls?.length) {
    out.push(`\nhost stalls (lib/host-stalls.js: ${report.settings.stallSeconds} s spinning on each core at once; a gap over ${STALL_MS} ms is a stall):`);
    for (const s of report.stalls) {
      out.push(`  cpu ${s.cpu}: ${fmt(s.perSecond, 1)} stalls/s, median ${fmt(s.medianMs, 2)} ms, p90 ${fmt(s.p90Ms, 2)} ms, max ${fmt(s.maxMs, 2)} ms, ${fmt(s.lostPercent, 1)} % of the time lost`);
    }
  }
  if (report.paired.length) {
    out.push(`\nsimultaneous, ${TARGETS.inFlight} in flight each, baseline and server on one core at once (lib/paired.js; robust to a noisy machine):`);
    for (const p of report.paired) {
      out.push(
        `  /${p.endpoint.padEnd(8)} ${p.label.padEnd(34)} req/s ×${fmt(p.rpsRatio, 2)} (${fmt(p.rpsRatioSpread[0], 2)}–${fmt(p.rpsRatioSpread[1], 2)})` +
          `   CPU/req ×${fmt(p.cpuRatio, 2)} (${fmt(p.cpuRatioSpread[0], 2)}–${fmt(p.cpuRatioSpread[1], 2)})   p99 ${fmt(p.p99MsB, 2)} ms (baseline ${fmt(p.p99MsA, 2)})`,
      );
    }
  }
  const noise = median(report.rows.filter((r) => r.mode === 'keep-alive').map((r) => r.othersCpuUtilisation));
  if (noise > NOISY_OTHERS) {
    out.push(`\nwarning: the rest of the machine used ${fmt(noise * 100)}% of a core (median) while cells ran: the in-turn req/s ratios and latencies carry that noise; the CPU/req ratios and the simultaneous ratios much less.`);
  }
  out.push('\npeak RSS (VmHWM): after the in-turn cells, and after all load (simultaneous phase included)');
  for (const [name, mem] of Object.entries(report.memory)) {
    out.push(`  ${serverSpec(name).label.padEnd(34)} ${fmt(report.memoryInTurn[name]?.peakRssMiB, 1).padStart(6)} MiB   ${fmt(mem.peakRssMiB, 1).padStart(6)} MiB (now ${fmt(mem.rssMiB, 1)} MiB)`);
  }
  for (const [name, bytes] of Object.entries(report.logBytesPerRequest)) out.push(`${serverSpec(name).label} wrote ${fmt(bytes)} bytes of log per admission request`);
  if (report.cli) {
    const { startup, check } = report.cli;
    out.push(`\nstart-up to ready (serve, /readyz 200): median ${fmt(startup.medianMs)} ms over ${startup.samplesMs.length} starts`);
    if (check.skipped) out.push(`check: not measured (${check.skipped})`);
    else out.push(`check: ${fmt(check.oneMs)} ms for 1 document, ${fmt(check.manyMs)} ms for ${fmt(check.documents)}: ${fmt(check.perDocumentUs, 1)} µs per document beyond start-up`);
  }
  for (const profile of report.profiles) {
    if (profile.error) {
      out.push(`\nCPU profile of ${serverSpec(profile.server).label}: ${profile.error}`);
      continue;
    }
    out.push(`\nCPU profile of ${serverSpec(profile.server).label} (${profile.file}), ${fmt(profile.busyPercent)} % busy; self time as shares of the busy time:`);
    for (const a of profile.areas.slice(0, 12)) out.push(`  ${fmt(a.percent, 1).padStart(5)} %  ${a.area}`);
    out.push('  top functions:');
    for (const f of profile.functions.slice(0, 12)) out.push(`  ${fmt(f.percent, 1).padStart(5)} %  ${f.name}  ${f.where}`);
  }
  out.push('\ntargets (issue 6, ratios on this run):');
  for (const t of report.targets) out.push(`  ${t.met ? 'met    ' : 'MISSED '} ${serverSpec(t.server).label}: ${t.what} — ${targetValue(t)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
