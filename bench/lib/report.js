/**
 * Turning the measurements into the summary: medians per cell, each
 * server's ratio to the baseline measured in the same round (then the
 * median and spread of those pairs), the targets, and the printed table.
 */

/** TARGETS are issue 6's, as ratios on the same run (at 16 in flight). */
export const TARGETS = { rpsRatio: 0.8, p99Ms: 2, peakRssMiB: 150, inFlight: 16 };

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function spread(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? [Math.min(...finite), Math.max(...finite)] : [NaN, NaN];
}

/**
 * summarise groups the runs by (mode, endpoint, in flight, server); each
 * server's ratio is taken per round against the baseline of that round.
 */
export function summarise(runs) {
  const key = (r) => `${r.mode}|${r.endpoint}|${r.inFlight}`;
  const cells = new Map();
  for (const run of runs) {
    const cell = cells.get(key(run)) ?? { mode: run.mode, endpoint: run.endpoint, inFlight: run.inFlight, servers: new Map() };
    cells.set(key(run), cell);
    const list = cell.servers.get(run.server) ?? [];
    list.push(run);
    cell.servers.set(run.server, list);
  }
  const rows = [];
  for (const cell of cells.values()) {
    const baseline = new Map((cell.servers.get('baseline') ?? []).map((r) => [r.round, r]));
    for (const [server, list] of cell.servers) {
      const rpsRatios = list.map((r) => r.rps / (baseline.get(r.round)?.rps ?? NaN));
      const cpuRatios = list.map((r) => r.serverCpuUsPerRequest / (baseline.get(r.round)?.serverCpuUsPerRequest ?? NaN));
      rows.push({
        mode: cell.mode,
        endpoint: cell.endpoint,
        inFlight: cell.inFlight,
        server,
        label: list[0].label,
        rounds: list.length,
        rps: median(list.map((r) => r.rps)),
        p50Ms: median(list.map((r) => r.p50Ms)),
        p99Ms: median(list.map((r) => r.p99Ms)),
        serverCpuUsPerRequest: median(list.map((r) => r.serverCpuUsPerRequest)),
        serverCpuUtilisation: median(list.map((r) => r.serverCpuUtilisation)),
        clientCpuUtilisation: median(list.map((r) => r.clientCpuUtilisation)),
        othersCpuUtilisation: median(list.map((r) => r.othersCpuUtilisation)),
        rpsRatio: median(rpsRatios),
        rpsRatioSpread: spread(rpsRatios),
        cpuRatio: median(cpuRatios),
        failures: list.reduce((n, r) => n + r.non2xx + r.errors, 0),
      });
    }
  }
  return rows;
}

/**
 * targetChecks states each target for each product server, met or not: the
 * req/s ratio both as measured in turn (the issue's method) and measured
 * simultaneously (paired), since on a noisy machine the two can disagree.
 */
export function targetChecks(rows, memory, products, paired = []) {
  const checks = [];
  for (const server of products) {
    for (const endpoint of ['validate', 'mutate']) {
      const row = rows.find((r) => r.mode === 'keep-alive' && r.server === server && r.endpoint === endpoint && r.inFlight === TARGETS.inFlight);
      if (!row) continue;
      checks.push({ server, what: `/${endpoint} req/s ≥ ${TARGETS.rpsRatio} × baseline at ${TARGETS.inFlight} in flight, in turn`, value: row.rpsRatio, threshold: TARGETS.rpsRatio, met: row.rpsRatio >= TARGETS.rpsRatio });
      const pair = paired.find((p) => p.server === server && p.endpoint === endpoint);
      if (pair) checks.push({ server, what: `/${endpoint} req/s ≥ ${TARGETS.rpsRatio} × baseline at ${TARGETS.inFlight} in flight, simultaneously`, value: pair.rpsRatio, threshold: TARGETS.rpsRatio, met: pair.rpsRatio >= TARGETS.rpsRatio });
      const p99Of = (name) => rows.find((r) => r.mode === 'keep-alive' && r.server === name && r.endpoint === endpoint && r.inFlight === TARGETS.inFlight)?.p99Ms;
      const floor = p99Of('floor');
      const context = `baseline's: ${fmt(p99Of('baseline'), 2)} ms${floor === undefined ? '' : `, the floor's: ${fmt(floor, 2)} ms${floor >= TARGETS.p99Ms ? ', so this host cannot show the target' : ''}`}`;
      checks.push({ server, what: `/${endpoint} p99 < ${TARGETS.p99Ms} ms at ${TARGETS.inFlight} in flight (${context})`, value: row.p99Ms, met: row.p99Ms < TARGETS.p99Ms });
    }
    const peak = memory[server]?.peakRssMiB;
    if (peak !== undefined) checks.push({ server, what: `peak RSS < ${TARGETS.peakRssMiB} MiB under load`, value: peak, met: peak < TARGETS.peakRssMiB });
  }
  return checks;
}

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');

function table(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

/** formatRows prints the summary table, cells in run order and the baseline first in each. */
export function formatRows(rows, serverOrder) {
  const header = ['endpoint', 'in flight', 'server', 'req/s', 'ratio', 'spread', 'p50 ms', 'p99 ms', 'CPU µs/req', 'CPU ratio', 'srv CPU', 'gen CPU', 'others', 'fail'];
  const sorted = [...rows].sort(
    (a, b) =>
      a.mode.localeCompare(b.mode) * -1 ||
      (a.endpoint === b.endpoint ? 0 : a.endpoint === 'validate' ? -1 : 1) ||
      a.inFlight - b.inFlight ||
      serverOrder.indexOf(a.server) - serverOrder.indexOf(b.server),
  );
  const lines = sorted.map((r) => [
    `${r.mode === 'keep-alive' ? '' : 'handshake '}/${r.endpoint}`,
    String(r.inFlight),
    r.label,
    fmt(r.rps),
    fmt(r.rpsRatio, 2),
    r.server === 'baseline' ? '' : `${fmt(r.rpsRatioSpread[0], 2)}–${fmt(r.rpsRatioSpread[1], 2)}`,
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    fmt(r.serverCpuUsPerRequest, 1),
    fmt(r.cpuRatio, 2),
    `${fmt(r.serverCpuUtilisation * 100)}%`,
    `${fmt(r.clientCpuUtilisation * 100)}%`,
    `${fmt(r.othersCpuUtilisation * 100)}%`,
    String(r.failures),
  ]);
  return table(header, lines);
}

export { fmt };
