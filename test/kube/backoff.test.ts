import { expect } from 'chai';
import { Backoff } from '../../src/kube/backoff.js';

describe('Backoff', () => {
  it('doubles from the first delay up to the ceiling', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0 });
    expect(Array.from({ length: 6 }, () => backoff.next())).to.deep.equal([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoff.failures).to.equal(6);
  });

  it('takes up to the jitter fraction off each delay', () => {
    expect(new Backoff({ initialMs: 1_000, maxMs: 1_000, jitter: 0.2, random: () => 0 }).next()).to.equal(1_000);
    expect(new Backoff({ initialMs: 1_000, maxMs: 1_000, jitter: 0.2, random: () => 0.5 }).next()).to.equal(900);
    expect(new Backoff({ initialMs: 1_000, maxMs: 1_000, jitter: 0.2, random: () => 0.999 }).next()).to.be.at.least(800);
  });

  context('when reset', () => {
    it('starts again from the first delay', () => {
      const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, jitter: 0 });
      backoff.next();
      backoff.next();
      backoff.reset();
      expect(backoff.failures).to.equal(0);
      expect(backoff.next()).to.equal(100);
    });
  });

  context('when the bounds make no sense', () => {
    for (const [initialMs, maxMs] of [
      [0, 100],
      [200, 100],
      [Number.NaN, 100],
    ] as const) {
      it(`refuses initialMs ${initialMs} with maxMs ${maxMs}`, () => {
        expect(() => new Backoff({ initialMs, maxMs })).to.throw(RangeError);
      });
    }
  });
});
