import { expect } from 'chai';
import { painter, shouldColor } from '../../src/check/color.js';

describe('shouldColor', () => {
  const cases: [string, { isTTY?: boolean }, Record<string, string | undefined>, boolean][] = [
    ['a terminal gets colour', { isTTY: true }, {}, true],
    ['a pipe gets none', { isTTY: false }, {}, false],
    ['a stream that does not say gets none', {}, {}, false],
    ['NO_COLOR turns it off', { isTTY: true }, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR does not count (no-color.org)', { isTTY: true }, { NO_COLOR: '' }, true],
  ];
  for (const [rule, stream, env, expected] of cases) {
    it(rule, () => {
      expect(shouldColor(stream, env)).to.equal(expected);
    });
  }
});

describe('painter', () => {
  it('wraps text in the style and its reset when enabled', () => {
    expect(painter(true)('red', 'x')).to.equal('\u001b[31mx\u001b[39m');
    expect(painter(true)('bold', 'x')).to.equal('\u001b[1mx\u001b[22m');
  });

  it('returns text as it is when disabled', () => {
    expect(painter(false)('yellow', 'x')).to.equal('x');
  });
});
