import { expect } from 'chai';
import { allowed, invalid, MAX_CAUSES, MAX_WARNINGS, withWarnings } from '../../src/admission/response.js';
import { invalid as fieldInvalid } from '../../src/validation/field-error.js';
import { MAX_SHOWN_CHARS } from '../../src/validation/shorten.js';

const TARGET = { group: 'skupper.io', kind: 'Listener', name: 'backend' };
const errorsAt = (count: number) => Array.from({ length: count }, (_, i) => fieldInvalid(`spec.settings.k${i}`, i, 'must be a string'));
const warningsOf = (count: number) => Array.from({ length: count }, (_, i) => `warning ${i}`);

describe('response caps (MAX_CAUSES, MAX_WARNINGS)', () => {
  describe('invalid', () => {
    it('lists every cause up to MAX_CAUSES', () => {
      const status = invalid('u', TARGET, errorsAt(MAX_CAUSES)).status!;
      expect(status.details?.causes).to.have.length(MAX_CAUSES);
      expect(status.message).to.match(/^Listener\.skupper\.io "backend" is invalid: \[spec\.settings\.k0: Invalid value: 0: must be a string, /);
    });

    it('past MAX_CAUSES, ends with a cause saying how many more there were, in the message too', () => {
      const status = invalid('u', TARGET, errorsAt(MAX_CAUSES + 10)).status!;
      const causes = status.details!.causes!;
      expect(causes).to.have.length(MAX_CAUSES);
      expect(causes[MAX_CAUSES - 2]).to.deep.equal({ reason: 'FieldValueInvalid', field: `spec.settings.k${MAX_CAUSES - 2}`, message: `Invalid value: ${MAX_CAUSES - 2}: must be a string` });
      expect(causes[MAX_CAUSES - 1]).to.deep.equal({ message: '11 more errors not shown' });
      expect(status.message).to.match(/, spec\.settings\.k48: Invalid value: 48: must be a string, 11 more errors not shown\]$/);
    });

    it('counts errors found but never spelled out', () => {
      const status = invalid('u', TARGET, errorsAt(3), [], { errors: 95_000 }).status!;
      expect(status.details!.causes!.map((c) => c.message)).to.deep.equal([
        'Invalid value: 0: must be a string',
        'Invalid value: 1: must be a string',
        'Invalid value: 2: must be a string',
        '95000 more errors not shown',
      ]);
      expect(status.message).to.equal(
        'Listener.skupper.io "backend" is invalid: [spec.settings.k0: Invalid value: 0: must be a string, spec.settings.k1: Invalid value: 1: must be a string, spec.settings.k2: Invalid value: 2: must be a string, 95000 more errors not shown]',
      );
    });

    it('brackets a single shown error with the count', () => {
      const status = invalid('u', TARGET, errorsAt(1), [], { errors: 1 }).status!;
      expect(status.message).to.equal('Listener.skupper.io "backend" is invalid: [spec.settings.k0: Invalid value: 0: must be a string, 1 more error not shown]');
    });

    it('shortens a long name in the message and in details.name', () => {
      const name = 'n'.repeat(5_000_000);
      const status = invalid('u', { ...TARGET, name }, errorsAt(1)).status!;
      expect(status.message).to.equal(`Listener.skupper.io "${'n'.repeat(MAX_SHOWN_CHARS)}"... (5000000 bytes) is invalid: spec.settings.k0: Invalid value: 0: must be a string`);
      expect(status.details!.name).to.equal(`${'n'.repeat(MAX_SHOWN_CHARS)}... (5000000 bytes)`);
    });
  });

  describe('withWarnings', () => {
    it('passes up to MAX_WARNINGS on as they are', () => {
      expect(allowed('u', warningsOf(MAX_WARNINGS)).warnings).to.deep.equal(warningsOf(MAX_WARNINGS));
    });

    it('past MAX_WARNINGS, ends with one saying how many more there were', () => {
      expect(allowed('u', warningsOf(MAX_WARNINGS + 1)).warnings).to.deep.equal([...warningsOf(MAX_WARNINGS - 1), '2 more warnings not shown']);
    });

    it('counts warnings found but never spelled out', () => {
      expect(withWarnings({ uid: 'u', allowed: true }, warningsOf(2), 700_000).warnings).to.deep.equal([...warningsOf(2), '700000 more warnings not shown']);
    });
  });
});
