import { expect } from 'chai';
import type { Summary } from '../../src/check/summary.js';
import { exitCodeFor } from '../../src/commands/check-exit-code.js';
import { ExitCode } from '../../src/commands/exit-codes.js';

describe('exitCodeFor', () => {
  const none: Summary = { checked: 0, denied: 0, warned: 0, skipped: 0, unreadable: 0 };
  const cases: [string, Partial<Summary>, number][] = [
    ['everything admitted is OK', { checked: 3 }, ExitCode.OK],
    ['nothing to check is OK', { skipped: 2 }, ExitCode.OK],
    ['warnings never fail a run', { checked: 1, warned: 1 }, ExitCode.OK],
    ['a denial is DENIED', { checked: 2, denied: 1 }, ExitCode.DENIED],
    ['an unreadable input is USAGE', { unreadable: 1 }, ExitCode.USAGE],
    ['an unreadable input outweighs a denial', { checked: 1, denied: 1, unreadable: 1 }, ExitCode.USAGE],
  ];
  for (const [rule, counts, code] of cases) {
    it(rule, () => {
      expect(exitCodeFor({ ...none, ...counts })).to.equal(code);
    });
  }
});
