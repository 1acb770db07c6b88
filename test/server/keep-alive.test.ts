import { expect } from 'chai';
import { KeepAlive } from '../../src/server/keep-alive.js';

describe('KeepAlive', () => {
  it('is enabled from the start', () => {
    expect(new KeepAlive().enabled).to.equal(true);
  });

  context('when stopped', () => {
    it('stays disabled, however often it is stopped', () => {
      const keepAlive = new KeepAlive();
      keepAlive.stop();
      const once = keepAlive.enabled;
      keepAlive.stop();
      expect([once, keepAlive.enabled]).to.deep.equal([false, false]);
    });

    it('stops only its own server\'s connections', () => {
      const stopped = new KeepAlive();
      const other = new KeepAlive();
      stopped.stop();
      expect([stopped.enabled, other.enabled]).to.deep.equal([false, true]);
    });
  });
});
