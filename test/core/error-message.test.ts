import { expect } from 'chai';
import { errorMessage } from '../../src/core/error-message.js';

describe('errorMessage', () => {
  const cases: [rule: string, thrown: unknown, expected: string][] = [
    ['an Error is its message', new Error('boom'), 'boom'],
    ['causes follow, joined by ": "', new Error('reading certs/tls.crt', { cause: new Error('ENOENT: no such file or directory') }), 'reading certs/tls.crt: ENOENT: no such file or directory'],
    ['a cause that repeats a message is said once', new Error('timeout', { cause: new Error('timeout') }), 'timeout'],
    ['a thrown string is itself', 'plain', 'plain'],
    ['a cause that is not an Error ends the line', new Error('failed', { cause: 42 }), 'failed: 42'],
    ['line breaks become spaces, so that it stays one line', new Error('first\n   second'), 'first second'],
    ['nothing to say is "unknown error"', new Error(''), 'unknown error'],
    ['undefined is "unknown error"', undefined, 'unknown error'],
  ];
  for (const [rule, thrown, expected] of cases) {
    it(rule, () => {
      expect(errorMessage(thrown)).to.equal(expected);
    });
  }

  context('when causes loop', () => {
    it('stops after five', () => {
      const errors = Array.from({ length: 7 }, (_, i) => new Error(`e${i}`));
      for (let i = 0; i < errors.length; i++) (errors[i] as { cause?: unknown }).cause = errors[(i + 1) % errors.length];
      expect(errorMessage(errors[0])).to.equal('e0: e1: e2: e3: e4');
    });
  });

  it('never prints JSON of an error', () => {
    expect(errorMessage(Object.assign(new Error('x'), { secret: 'token' }))).to.equal('x');
  });
});
