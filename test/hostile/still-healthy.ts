/**
 * expectStillHealthy is how each hostile file ends: the server still answers
 * a valid review correctly, /readyz still passes, and once garbage is
 * collected the heap is back within a bound of where it started, so that
 * nothing hostile left a crash, a wedge or a leak behind.
 */
import { expect } from 'chai';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { requestFor, reviewFor, validListener } from '../fixtures/reviews.js';
import type { TestServer } from '../support/test-server.js';

/**
 * HEAP_GROWTH_BOUND is what a hostile file may leave on the heap after a
 * full collection: bodies of up to 7 MiB pass through, so anything retained
 * per request shows as tens of MiB; a few MiB of JIT and caches do not.
 */
const HEAP_GROWTH_BOUND = 32 * 1024 * 1024;

/** collectGarbage runs a full collection without --expose-gc on the command line. */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** heapUsedAfterGc is the live heap, after a full collection. */
export function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** expectStillHealthy asserts that server survived, is ready, and that the heap is near heapBefore. */
export async function expectStillHealthy(server: TestServer, heapBefore: number): Promise<void> {
  const review = reviewFor(requestFor(validListener(), { uid: 'still-healthy' }));
  const res = await server.review('/validate', review);
  expect(res.status).to.equal(200);
  expect((res.json as any).response).to.deep.equal({ uid: 'still-healthy', allowed: true });
  const ready = await server.request({ method: 'GET', path: '/readyz' });
  expect(ready.status).to.equal(200);
  const growth = heapUsedAfterGc() - heapBefore;
  expect(growth, `heap grew by ${(growth / 2 ** 20).toFixed(1)} MiB`).to.be.below(HEAP_GROWTH_BOUND);
}
