import { expect } from 'chai';
import { Readiness } from '../../src/server/readiness.js';

describe('Readiness', () => {
  it('is ready with no checks', () => {
    expect(new Readiness().report()).to.deep.equal({ ready: true, lines: [] });
  });

  it('lists every check in registration order, and is unready when any fails', () => {
    const readiness = new Readiness()
      .add('certificate', () => undefined)
      .add('shutdown', () => 'draining')
      .add('cache', () => undefined);
    expect(readiness.report()).to.deep.equal({ ready: false, lines: ['[+]certificate ok', '[-]shutdown failed: draining', '[+]cache ok'] });
  });

  it('replaces a check added again under the same name, in its first place', () => {
    const readiness = new Readiness().add('a', () => 'no').add('b', () => undefined).add('a', () => undefined);
    expect(readiness.report()).to.deep.equal({ ready: true, lines: ['[+]a ok', '[+]b ok'] });
  });

  context('when a check throws', () => {
    it('fails that check with its message and runs the rest', () => {
      const readiness = new Readiness()
        .add('broken', () => {
          throw new Error('no certificate loaded');
        })
        .add('after', () => undefined);
      expect(readiness.report()).to.deep.equal({ ready: false, lines: ['[-]broken failed: no certificate loaded', '[+]after ok'] });
    });
  });
});
