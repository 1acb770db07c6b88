import { expect } from 'chai';
import type { DocumentOutcome, FileResult, Review } from '../../src/check/check-documents.js';
import { InputError } from '../../src/check/read/input-error.js';
import { formatSummary, hasNoObjects, type Summary, summarize } from '../../src/check/summary.js';

function reviewed(status: 'admitted' | 'denied', warnings: string[] = []): DocumentOutcome {
  const review: Review = {
    subject: { kind: 'Listener', namespace: 'west', name: 'a' },
    request: { uid: 'u', kind: { group: 'skupper.io', version: 'v2alpha1', kind: 'Listener' }, operation: 'CREATE' },
    object: {},
    patch: [],
    response: { uid: 'u', allowed: status === 'admitted' },
    warnings,
  };
  return { position: '1', status, ...review };
}

const skipped: DocumentOutcome = { position: '1', status: 'skipped', object: {}, subject: { kind: 'Service', namespace: 'default', name: 's' } };

describe('summarize', () => {
  it('counts every outcome, inside Lists too', () => {
    const results: FileResult[] = [
      {
        file: 'a.yaml',
        errors: [],
        documents: [
          reviewed('admitted'),
          reviewed('admitted', ['w']),
          reviewed('denied', ['w']),
          skipped,
          { position: '5', status: 'empty' },
          { position: '6', status: 'refused', message: 'kind not set' },
          { position: '7', status: 'list', object: {}, items: [reviewed('denied'), skipped] },
        ],
      },
      { file: 'b.yaml', errors: [new InputError('x', { file: 'b.yaml' }), new InputError('y', { file: 'b.yaml' })], documents: [] },
    ];
    expect(summarize(results)).to.deep.equal({ checked: 4, denied: 2, warned: 2, skipped: 2, unreadable: 2 });
  });
});

describe('hasNoObjects', () => {
  const none: Summary = { checked: 0, denied: 0, warned: 0, skipped: 0, unreadable: 0 };
  const cases: [string, Partial<Summary>, boolean][] = [
    ['nothing at all is no objects', {}, true],
    ['a checked object is one', { checked: 1 }, false],
    ['a skipped object is one', { skipped: 1 }, false],
    ['an unreadable input already explains itself', { unreadable: 1 }, false],
  ];
  for (const [rule, counts, expected] of cases) {
    it(rule, () => {
      expect(hasNoObjects({ ...none, ...counts })).to.equal(expected);
    });
  }
});

describe('formatSummary', () => {
  it('lists the four counts', () => {
    expect(formatSummary({ checked: 3, denied: 1, warned: 2, skipped: 4, unreadable: 0 })).to.equal('3 checked, 1 denied, 2 warned, 4 skipped');
  });

  context('when some input was unreadable', () => {
    it('adds the count', () => {
      expect(formatSummary({ checked: 0, denied: 0, warned: 0, skipped: 0, unreadable: 2 })).to.equal(
        '0 checked, 0 denied, 0 warned, 0 skipped, 2 unreadable',
      );
    });
  });
});
