/**
 * pairedRounds measures two servers at the same time rather than in turn:
 * both on the one pinned server core, each given the same load at once, so
 * that whatever else the machine is doing lands on both alike. What differs
 * is the CPU each spends per request, and so its share of the requests. On a
 * shared, noisy machine this tells a few per cent apart where measuring in
 * turn cannot (its rounds swing by tens of per cent with the neighbours).
 */
import { keepAliveLoad } from './load.js';
import { median } from './report.js';

/** pairedRounds returns, per round and as medians, b's CPU per request and requests per second over a's. */
export async function pairedRounds({ a, b, ca, request, inFlight, seconds, warmSeconds, rounds, onRound = () => {} }) {
  const load = (server, s, warm) => keepAliveLoad({ server, ca, request, connections: inFlight, warmSeconds: warm, seconds: s });
  // Both warm at once, so that neither starts a round with a cold JIT.
  await Promise.all([load(a, 1, warmSeconds), load(b, 1, warmSeconds)]);
  const results = [];
  for (let round = 0; round < rounds; round++) {
    const [ra, rb] = await Promise.all([load(a, seconds, warmSeconds), load(b, seconds, warmSeconds)]);
    const result = {
      round,
      a: ra,
      b: rb,
      cpuRatio: rb.serverCpuUsPerRequest / ra.serverCpuUsPerRequest,
      rpsRatio: rb.rps / ra.rps,
    };
    results.push(result);
    onRound(result);
  }
  const cpu = results.map((r) => r.cpuRatio);
  const rps = results.map((r) => r.rpsRatio);
  return {
    rounds: results,
    cpuRatio: median(cpu),
    cpuRatioSpread: [Math.min(...cpu), Math.max(...cpu)],
    rpsRatio: median(rps),
    rpsRatioSpread: [Math.min(...rps), Math.max(...rps)],
    p99MsA: median(results.map((r) => r.a.p99Ms)),
    p99MsB: median(results.map((r) => r.b.p99Ms)),
  };
}
