import { expect } from 'chai';
import { normalizeArgv } from '../../src/commands/argv.js';

describe('normalizeArgv', () => {
  const cases: [rule: string, args: string[], expected: string[]][] = [
    ['splits a shorthand flag written with =', ['check', '-o=yaml', '-n=west', 'a.yaml'], ['check', '-o', 'yaml', '-n', 'west', 'a.yaml']],
    ['keeps an = inside the value', ['-n=a=b'], ['-n', 'a=b']],
    ['reads -o= as an empty value', ['-o='], ['-o', '']],
    ['leaves long flags to commander', ['--output=yaml'], ['--output=yaml']],
    ['leaves operands after -- alone', ['check', '--', '-o=yaml'], ['check', '--', '-o=yaml']],
    ['leaves a bundle of shorthand flags alone', ['-ab=c'], ['-ab=c']],
  ];
  for (const [rule, args, expected] of cases) {
    it(rule, () => {
      expect(normalizeArgv(args)).to.deep.equal(expected);
    });
  }
});
