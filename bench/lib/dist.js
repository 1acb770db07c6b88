/**
 * loadDist imports a module of the build under test: dist/, or with
 * BENCH_DIST another build of it (npm run bench -- --compare-dist DIR,
 * bench/ab.js … -compare): before and after a change, in one run. The bench's
 * own servers load the product through it.
 */
const DIST = process.env.BENCH_DIST ? new URL(`file://${process.env.BENCH_DIST.replace(/\/?$/, '/')}`) : new URL('../../dist/', import.meta.url);

/** loadDist imports module (a path under dist/, e.g. "admission/webhooks.js"). */
export function loadDist(module) {
  return import(new URL(module, DIST).href);
}
