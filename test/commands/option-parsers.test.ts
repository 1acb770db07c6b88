import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { collect, MAX_TIMER_SECONDS, parsePort, parseSeconds } from '../../src/commands/option-parsers.js';

/** outcome is the parsed value, or the message commander would print for it. */
function outcome(parse: (value: string) => number, value: string): number | string {
  try {
    return parse(value);
  } catch (e) {
    expect(e).to.be.instanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
}

describe('parsePort', () => {
  const refused = 'must be a port number from 0 to 65535';
  const cases: [string, number | string][] = [
    ['0', 0],
    ['8443', 8443],
    ['65535', 65535],
    ['65536', refused],
    ['-1', refused],
    ['80.5', refused],
    ['8e3', refused],
    ['', refused],
    ['http', refused],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(outcome(parsePort, value)).to.equal(expected);
    });
  }
});

describe('parseSeconds', () => {
  const refused = `must be a number of seconds from 0 to ${MAX_TIMER_SECONDS}`;
  const cases: [string, number | string][] = [
    ['0', 0],
    ['0.5', 0.5],
    ['30', 30],
    [String(MAX_TIMER_SECONDS), MAX_TIMER_SECONDS],
    [String(MAX_TIMER_SECONDS + 1), refused],
    ['-1', refused],
    ['', refused],
    [' ', refused],
    ['Infinity', refused],
    ['5s', refused],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${JSON.stringify(expected)}`, () => {
      expect(outcome(parseSeconds, value)).to.equal(expected);
    });
  }

  it('stops at the longest delay a Node timer holds', () => {
    expect(MAX_TIMER_SECONDS * 1000).to.be.at.most(2 ** 31 - 1);
    expect((MAX_TIMER_SECONDS + 1) * 1000).to.be.above(2 ** 31 - 1);
  });
});

describe('collect', () => {
  it('gathers a repeated flag in the order given', () => {
    expect(collect('b', collect('a'))).to.deep.equal(['a', 'b']);
  });
});
