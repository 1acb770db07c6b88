import { expect } from 'chai';
import { isGoYamlTimestamp } from '../../../src/check/read/go-timestamp.js';

describe('isGoYamlTimestamp', () => {
  const TIMESTAMPS: [string, string][] = [
    ['a date', '2001-12-14'],
    ['one-digit month and day', '2001-1-2'],
    ['February 29 of a leap year', '2000-02-29'],
    ['February 29 of a year divisible by 4', '2024-02-29'],
    ['T, a fraction and an offset', '2001-12-14T21:59:43.10-05:00'],
    ['a lower-case t', '2001-12-14t21:59:43.10-05:00'],
    ['Z for UTC', '2001-12-14T21:59:43Z'],
    ['one-digit hour, minute and second', '2001-12-14T1:2:3Z'],
    ['a space and no zone', '2001-12-14 21:59:43.10'],
    ['a fraction after a comma', '2001-12-14 21:59:43,5'],
    ['the largest offset time.Parse allows', '2001-12-14T21:59:43+24:60'],
  ];
  const NOT_TIMESTAMPS: [string, string][] = [
    ['February 29 of a common year', '2001-02-29'],
    ['February 29 of a century not divisible by 400', '1900-02-29'],
    ['April 31', '2001-04-31'],
    ['month 13', '2001-13-01'],
    ['month 0', '2001-00-10'],
    ['day 0', '2001-12-00'],
    ['a two-digit year', '01-12-14'],
    ['a three-digit month', '2001-123-14'],
    ['a T layout without a zone', '2001-12-14T21:59:43'],
    ['a space layout with a zone', '2001-12-14 21:59:43Z'],
    ['hour 24', '2001-12-14T24:00:00Z'],
    ['minute 60', '2001-12-14T23:60:00Z'],
    ['second 60', '2001-12-14T23:59:60Z'],
    ['an offset of 25 hours', '2001-12-14T21:59:43+25:00'],
    ['an offset of 61 minutes', '2001-12-14T21:59:43+05:61'],
    ['an offset without a colon', '2001-12-14T21:59:43+0500'],
    ['a dot without a fraction', '2001-12-14 21:59:43.'],
    ['text after the date', '2001-12-14x'],
    ['the empty string', ''],
  ];
  for (const [name, text] of TIMESTAMPS) {
    it(`is a timestamp: ${name} (${JSON.stringify(text)})`, () => {
      expect(isGoYamlTimestamp(text)).to.equal(true);
    });
  }
  for (const [name, text] of NOT_TIMESTAMPS) {
    it(`is not a timestamp: ${name} (${JSON.stringify(text)})`, () => {
      expect(isGoYamlTimestamp(text)).to.equal(false);
    });
  }
});
