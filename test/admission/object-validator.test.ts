import { expect } from 'chai';
import { ObjectValidator, type ValidationContext } from '../../src/admission/object-validator.js';
import type { KubeObject } from '../../src/core/review.js';
import { GUARDED_KINDS } from '../../src/resources/registry.js';
import type { ResourceRules, RuleContext } from '../../src/resources/resource.js';
import { formatFieldError, invalid } from '../../src/validation/field-error.js';

const CONTEXT: ValidationContext = { namespace: 'west', operation: 'CREATE', clusterState: undefined, serviceNameValidation: 'strict' };

/** widget is a kind of the test's own: a schema, one rule that reads its context, and one warning. */
function widget(seen: RuleContext[]): ResourceRules {
  return {
    kind: 'Widget',
    resource: 'widgets',
    schema: {
      type: 'object',
      properties: {
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          required: ['size'],
          properties: { size: { type: 'integer', minimum: 1 }, colour: { type: 'string' }, label: { type: 'string' } },
        },
      },
    },
    rules(object, context) {
      seen.push(context);
      const spec = object['spec'] as Record<string, unknown> | undefined;
      const errors = spec?.['colour'] === 'plaid' ? [invalid('spec.colour', 'plaid', 'must be one colour')] : [];
      return { errors, warnings: spec?.['label'] === undefined ? [] : ['labels are ignored'] };
    },
  };
}

describe('ObjectValidator', () => {
  let seen: RuleContext[];
  let validator: ObjectValidator;
  let rules: ResourceRules;

  beforeEach(() => {
    seen = [];
    rules = widget(seen);
    validator = new ObjectValidator([rules]);
  });

  function validate(spec: unknown, context: ValidationContext = CONTEXT): { errors: string[]; warnings: string[] } {
    const result = validator.validate(rules, { kind: 'Widget', metadata: { name: 'w' }, spec } as KubeObject, context);
    return { errors: result.errors.map(formatFieldError), warnings: result.warnings };
  }

  it('admits an object that meets its schema and rules', () => {
    expect(validate({ size: 2 })).to.deep.equal({ errors: [], warnings: [] });
  });

  it("reports the schema's errors, then the rules', then unknown fields and the rules' warnings", () => {
    expect(validate({ size: 0, colour: 'plaid', label: 'x', extra: true })).to.deep.equal({
      errors: ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1', 'spec.colour: Invalid value: "plaid": must be one colour'],
      warnings: ['unknown field "spec.extra"', 'labels are ignored'],
    });
  });

  it('hands the rules the request context and the fields the schema already rejected', () => {
    const context: ValidationContext = { namespace: 'east', operation: 'UPDATE', clusterState: undefined, serviceNameValidation: 'relaxed' };
    validate({ size: 'big' }, context);
    validate({ size: 1 }, context);
    expect(seen.map((c) => ({ ...c, fieldsWithSchemaErrors: ['spec', 'spec.size'].filter((field) => c.fieldsWithSchemaErrors.failed(field)) }))).to.deep.equal([
      { namespace: 'east', operation: 'UPDATE', oldObject: undefined, clusterState: undefined, serviceNameValidation: 'relaxed', fieldsWithSchemaErrors: ['spec.size'] },
      { namespace: 'east', operation: 'UPDATE', oldObject: undefined, clusterState: undefined, serviceNameValidation: 'relaxed', fieldsWithSchemaErrors: [] },
    ]);
  });

  context('when a declared field is null', () => {
    it('reads it as absent, as the API server prunes it before any webhook', () => {
      expect(validate({ size: 3, colour: null })).to.deep.equal({ errors: [], warnings: [] });
      expect(validate({ size: null })).to.deep.equal({ errors: ['spec.size: Required value'], warnings: [] });
    });
  });

  context('when the kind was not compiled', () => {
    it('throws: a kind without a schema is a bug of ours, never an admission', () => {
      const other = { ...rules, kind: 'Gadget' };
      expect(() => validator.validate(other, {}, CONTEXT)).to.throw('no compiled schema for kind Gadget');
    });
  });

  context('when schemas are compiled on first use', () => {
    // An unknown keyword fails ajv's strict mode when the schema is compiled: it shows when that is.
    const broken = (): ResourceRules => ({ ...widget([]), kind: 'Broken', schema: { type: 'object', colour: 'plaid' } });

    it('compiles none when built, so that a kind never met costs nothing', () => {
      expect(() => new ObjectValidator([broken()])).to.throw(/unknown keyword/);
      expect(() => new ObjectValidator([broken()], undefined, 'on-first-use')).not.to.throw();
    });

    it("compiles a kind's schema on its first object, and answers as when compiled eagerly", () => {
      const lazy = new ObjectValidator([rules, broken()], undefined, 'on-first-use');
      const object: KubeObject = { kind: 'Widget', spec: { size: 0, colour: 'plaid', extra: 1 } };
      expect(lazy.validate(rules, object, CONTEXT)).to.deep.equal(validator.validate(rules, object, CONTEXT));
      expect(() => lazy.validate(broken(), {}, CONTEXT)).to.throw(/unknown keyword/);
    });

    it('still refuses a kind it was not given', () => {
      const lazy = new ObjectValidator([rules], undefined, 'on-first-use');
      expect(() => lazy.validate({ ...rules, kind: 'Gadget' }, {}, CONTEXT)).to.throw('no compiled schema for kind Gadget');
    });
  });

  context('when the kind has a fast path', () => {
    /** fastWidget admits a small widget without a colour; its context rules refuse the namespace "closed" and warn in "east". */
    function fastWidget(calls: string[]): ResourceRules {
      const base = widget(seen);
      return {
        ...base,
        rules(object, context) {
          calls.push('rules');
          return base.rules(object, context);
        },
        fastPath: {
          admits: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', maximum: 9 }, colour: false } } } },
          contextRules(object, context) {
            calls.push('contextRules');
            expect(context.fieldsWithSchemaErrors.any()).to.equal(false);
            const errors = context.namespace === 'closed' ? [invalid('spec.size', (object['spec'] as Record<string, unknown>)['size'], 'namespace is closed')] : [];
            return { errors, warnings: context.namespace === 'east' ? ['east'] : [] };
          },
        },
      };
    }

    function run(fastPaths: 'on' | 'off', spec: unknown, context: ValidationContext = CONTEXT): { calls: string[]; errors: string[]; warnings: string[] } {
      const calls: string[] = [];
      const kind = fastWidget(calls);
      const result = new ObjectValidator([kind], undefined, 'eager', fastPaths).validate(kind, { kind: 'Widget', metadata: { name: 'w' }, spec } as KubeObject, context);
      return { calls, errors: result.errors.map(formatFieldError), warnings: result.warnings };
    }

    it('answers an object it admits with the context rules alone', () => {
      expect(run('on', { size: 2 })).to.deep.equal({ calls: ['contextRules'], errors: [], warnings: [] });
      expect(run('on', { size: 2 }, { ...CONTEXT, namespace: 'east' })).to.deep.equal({ calls: ['contextRules'], errors: [], warnings: ['east'] });
      expect(run('on', { size: 2 }, { ...CONTEXT, namespace: 'closed' }).errors).to.deep.equal(['spec.size: Invalid value: 2: namespace is closed']);
    });

    it('sends anything else through the whole check: what admits refuses, a schema error, an unknown field', () => {
      expect(run('on', { size: 12 })).to.deep.equal({ calls: ['rules'], errors: [], warnings: [] });
      expect(run('on', { size: 2, colour: 'plaid' })).to.deep.equal({ calls: ['rules'], errors: ['spec.colour: Invalid value: "plaid": must be one colour'], warnings: [] });
      expect(run('on', { size: 0 }).calls).to.deep.equal(['rules']);
      expect(run('on', { size: 2, extra: 1 })).to.deep.equal({ calls: ['rules'], errors: [], warnings: ['unknown field "spec.extra"'] });
    });

    it('ratchets the context rules\' errors on an UPDATE that leaves the field as it was', () => {
      const update: ValidationContext = { ...CONTEXT, namespace: 'closed', operation: 'UPDATE', oldObject: { kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 } } };
      expect(run('on', { size: 2 }, update).errors).to.deep.equal([]);
      expect(run('on', { size: 3 }, update).errors).to.deep.equal(['spec.size: Invalid value: 3: namespace is closed']);
    });

    it("never takes it when fast paths are 'off'", () => {
      expect(run('off', { size: 2 }).calls).to.deep.equal(['rules']);
    });
  });

  context('with the guarded kinds', () => {
    it('compiles every schema in strict mode when built', () => {
      expect(() => new ObjectValidator(GUARDED_KINDS)).not.to.throw();
      const listener = GUARDED_KINDS.find((kind) => kind.kind === 'Listener')!;
      const result = new ObjectValidator().validate(listener, { kind: 'Listener', metadata: { name: 'a' }, spec: { port: 'x' } }, CONTEXT);
      expect(result.errors.map((error) => error.field)).to.include.members(['spec.port', 'spec.routingKey', 'spec.host']);
    });
  });
});
