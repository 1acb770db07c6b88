import { Ajv } from 'ajv';
import { expect } from 'chai';
import { listener } from '../../src/resources/listener.js';
import { fieldPath, schemaErrors } from '../../src/validation/schema-errors.js';
import { MAX_SHOWN_CHARS } from '../../src/validation/shorten.js';
import { validListener } from '../fixtures/reviews.js';

const check = new Ajv({ allErrors: true, verbose: true, strict: true }).compile(listener.schema);

/** schemaErrorsOf runs the Listener schema on object and converts ajv's errors. */
function schemaErrorsOf(object: unknown, options?: Parameters<typeof schemaErrors>[2]) {
  check(object);
  return schemaErrors(check.errors, object, options);
}

/** withSettings is a valid Listener whose settings hold count numbers (each a type error). */
function withSettings(count: number): Record<string, any> {
  const object = validListener();
  object['spec'].settings = Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
  return object;
}

describe('schemaErrors, bounded (limit and keep)', () => {
  it('converts every error, one per field, a type error first', () => {
    const object = validListener();
    object['spec'].port = 0;
    object['spec'].observer = 5;
    delete object['spec'].host;
    const result = schemaErrorsOf(object);
    expect(result.errors.map((e) => [e.field, e.type])).to.deep.equal([
      ['spec.host', 'FieldValueRequired'],
      ['spec.port', 'FieldValueInvalid'],
      ['spec.observer', 'FieldValueTypeInvalid'],
    ]);
    expect(result.more).to.equal(0);
  });

  it('converts no more than limit errors and counts the rest', () => {
    const result = schemaErrorsOf(withSettings(1_000), { limit: 10 });
    expect(result.errors.map((e) => e.field)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `spec.settings.k${i}`));
    expect(result.more).to.equal(990);
  });

  it('counts only the errors keep keeps, converted or not', () => {
    const keep = (path: readonly string[]) => Number(path[path.length - 1]!.slice(1)) % 2 === 1;
    const result = schemaErrorsOf(withSettings(100), { limit: 3, keep });
    expect(result.errors.map((e) => e.field)).to.deep.equal(['spec.settings.k1', 'spec.settings.k3', 'spec.settings.k5']);
    expect(result.more).to.equal(47);
  });

  it('tells which fields failed, kept or not, converted or not', () => {
    const object = withSettings(100);
    object['metadata'].name = 5;
    const result = schemaErrorsOf(object, { limit: 1, keep: () => false });
    expect(result.errors).to.deep.equal([]);
    expect(result.failed('metadata.name')).to.equal(true);
    expect(result.failed('spec.settings.k99')).to.equal(true);
    expect(result.failed('spec')).to.equal(false);
    expect(schemaErrorsOf(validListener()).failed('spec')).to.equal(false);
  });

  it('knows a missing required field as failed', () => {
    const object = validListener();
    delete object['spec'];
    expect(schemaErrorsOf(object).failed('spec')).to.equal(true);
  });

  it('keeps the whole key in the path but shows a long one shortened', () => {
    const key = 'k'.repeat(1_000_000);
    const object = validListener();
    object['spec'].settings = { [key]: 1 };
    const [error] = schemaErrorsOf(object).errors;
    expect(error!.path).to.deep.equal(['spec', 'settings', key]);
    expect(error!.field).to.equal(`spec.settings.${'k'.repeat(MAX_SHOWN_CHARS)}... (1000000 bytes)`);
    expect(fieldPath(['spec', 'settings', 'a/b'], { spec: { settings: {} } })).to.equal('spec.settings.a/b');
  });
});
